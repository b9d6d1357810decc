package envfile

import "github.com/keylint/keylint/scanner/rules"

// Descriptor returns a fresh rule describing a check's findings, with envVar for the advice
// reports give; it is meant for Finding.Rule only, never for rules.Compile.
func Descriptor(id, envVar string) *rules.Rule {
	if r, ok := rules.CheckRule(id, envVar); ok {
		return r
	}
	return &rules.Rule{ID: id, Description: id, EnvVar: envVar, Severity: rules.SeverityError, Check: true}
}
