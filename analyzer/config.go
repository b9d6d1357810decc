package analyzer

import (
	"errors"
	"flag"
	"fmt"
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

// ruleEnv maps rule ids to the Config field that overrides their environment variable.
func (c *Config) ruleEnv() map[string]*string {
	return map[string]*string{
		"gonkagate-api-key":        &c.GonkaGateEnv,
		"gonkagate-management-key": &c.GonkaGateManagementEnv,
		"fastgpt-api-key":          &c.FastGPTEnv,
	}
}

// envFor returns the variable a key of rule id with default def is read from.
func (c *Config) envFor(id, def string) string {
	if p, ok := c.ruleEnv()[id]; ok && *p != "" {
		return *p
	}
	return def
}

// Validate reports names that cannot be environment variables in Go source.
func (c Config) Validate() error {
	var errs []error
	for _, f := range []struct{ flag, v string }{
		{"gonkagate-env", c.GonkaGateEnv},
		{"gonkagate-management-env", c.GonkaGateManagementEnv},
		{"fastgpt-env", c.FastGPTEnv},
	} {
		if f.v != "" && !isEnvName(f.v) {
			errs = append(errs, fmt.Errorf("%s: %q is not an environment variable name ([A-Za-z_][A-Za-z0-9_]*)", f.flag, f.v))
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
	fs.StringVar(&c.GonkaGateEnv, "gonkagate-env", or(c.GonkaGateEnv, "GONKAGATE_API_KEY"),
		"environment variable the fix reads GonkaGate API keys (gp-) from")
	fs.StringVar(&c.GonkaGateManagementEnv, "gonkagate-management-env", or(c.GonkaGateManagementEnv, "GONKAGATE_MANAGEMENT_KEY"),
		"environment variable the fix reads GonkaGate management keys (gpm-) from")
	fs.StringVar(&c.FastGPTEnv, "fastgpt-env", or(c.FastGPTEnv, "FASTGPT_API_KEY"),
		"environment variable the fix reads FastGPT API keys (fastgpt-) from")
	fs.StringVar(&c.Config, "config", c.Config,
		"keylint configuration file (default: .keylint.yaml at the module root or work tree root)")
}

func or(s, def string) string {
	if s != "" {
		return s
	}
	return def
}
