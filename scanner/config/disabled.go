package config

import (
	"maps"
	"slices"
)

// DisabledRules returns the ids of the rules the configuration disables, sorted.
func (c *Config) DisabledRules() []string {
	return slices.Sorted(maps.Keys(c.disabled))
}
