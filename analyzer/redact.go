package analyzer

import (
	"fmt"

	"github.com/keylint/keylint/scanner/rules"
)

// Redactor returns a function that shows every key in a line of text redacted, by the rules
// of the configuration the analyzer would read for a package in dir and by the built-in rules,
// for output that quotes source lines, such as keylint vet -diff.
func Redactor(cfg Config, dir string) (func(string) string, error) {
	fc, err := newConfigs().forDir(cfg.Config, dir)
	if err != nil {
		return nil, err
	}
	builtin, err := rules.Compile(rules.Builtin())
	if err != nil {
		return nil, fmt.Errorf("compiling the built-in rules: %w", err)
	}
	sets := []*rules.Set{fc.conf.Rules(), builtin}
	return func(s string) string {
		for _, set := range sets {
			ms := set.Find([]byte(s))
			for i := len(ms) - 1; i >= 0; i-- {
				s = s[:ms[i].Start] + rules.Redact(ms[i].Key) + s[ms[i].End:]
			}
		}
		return s
	}, nil
}
