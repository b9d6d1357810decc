package envfile

import "github.com/keylint/keylint/scanner/rules"

// Rule ids of the findings about how keys reach the client or git, not about a key's format.
//
// Deprecated: use rules.PublicEnvKey, rules.CommittedEnvFile and rules.EnvNotIgnored, which
// own them; these remain only until scanner/history's tests name rules' constants.
const (
	RulePublicEnvKey     = rules.PublicEnvKey
	RuleCommittedEnvFile = rules.CommittedEnvFile
	RuleEnvNotIgnored    = rules.EnvNotIgnored
)

// Descriptor returns a fresh rule describing a check's findings, with envVar for the advice
// reports give; it is meant for Finding.Rule only, never for rules.Compile.
func Descriptor(id, envVar string) *rules.Rule {
	if r, ok := rules.CheckRule(id, envVar); ok {
		return r
	}
	return &rules.Rule{ID: id, Description: id, EnvVar: envVar, Severity: rules.SeverityError, Check: true}
}
