package analyzer

import (
	"errors"
	"flag"
	"fmt"

	"github.com/keylint/keylint/scanner/rules"
)

// Config chooses the environment variable each kind of key is read from in the suggested fix.
type Config struct {
	// GonkaGateEnv holds GonkaGate API keys (gp-); empty means GONKAGATE_API_KEY.
	GonkaGateEnv string `json:"gonkagate-env"`
	// GonkaGateManagementEnv holds GonkaGate management keys (gpm-); empty means GONKAGATE_MANAGEMENT_KEY.
	GonkaGateManagementEnv string `json:"gonkagate-management-env"`
	// FastGPTEnv holds FastGPT API keys (fastgpt-); empty means FASTGPT_API_KEY.
	FastGPTEnv string `json:"fastgpt-env"`
	// Config names the .keylint.yaml to read; empty means the one at each package's module
	// root or work tree root, if any.
	Config string `json:"config"`
}

// envOption is one option (a flag and a JSON key) that overrides the variable the fix reads
// a built-in rule's keys from.
type envOption struct {
	flag  string
	rule  string
	field func(*Config) *string
	keys  string // which keys, for -help
}

// envOptions are the analyzer's variable options, one per built-in key rule.
func envOptions() []envOption {
	return []envOption{
		{"gonkagate-env", rules.GonkaGateAPIKey, func(c *Config) *string { return &c.GonkaGateEnv }, "GonkaGate API keys (gp-)"},
		{"gonkagate-management-env", rules.GonkaGateManagementKey, func(c *Config) *string { return &c.GonkaGateManagementEnv }, "GonkaGate management keys (gpm-)"},
		{"fastgpt-env", rules.FastGPTAPIKey, func(c *Config) *string { return &c.FastGPTEnv }, "FastGPT API keys (fastgpt-)"},
	}
}

// envFor returns the variable a key of rule id with default def is read from.
func (c *Config) envFor(id, def string) string {
	for _, o := range envOptions() {
		if o.rule == id && *o.field(c) != "" {
			return *o.field(c)
		}
	}
	return def
}

// defaultEnv is the variable the built-in rule id names, for -help.
func defaultEnv(id string) string {
	for _, r := range rules.Builtin() {
		if r.ID == id {
			return r.EnvVar
		}
	}
	return ""
}

// Validate reports names that cannot be environment variables in Go source.
func (c Config) Validate() error {
	var errs []error
	for _, o := range envOptions() {
		if v := *o.field(&c); v != "" && !isEnvName(v) {
			errs = append(errs, fmt.Errorf("%s: %q is not an environment variable name ([A-Za-z_][A-Za-z0-9_]*)", o.flag, v))
		}
	}
	return errors.Join(errs...)
}

func isEnvName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_', c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z':
		case c >= '0' && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return s != ""
}

// bindFlags registers c's fields as the analyzer's flags, with the defaults shown in -help.
func (c *Config) bindFlags(fs *flag.FlagSet) {
	for _, o := range envOptions() {
		p := o.field(c)
		fs.StringVar(p, o.flag, or(*p, defaultEnv(o.rule)), "environment variable the fix reads "+o.keys+" from")
	}
	fs.StringVar(&c.Config, "config", c.Config,
		"keylint configuration file (default: .keylint.yaml at the module root or work tree root)")
}

func or(s, def string) string {
	if s != "" {
		return s
	}
	return def
}
