package envfile

import "github.com/keylint/keylint/scanner/rules"

// Rule ids of the findings about how keys reach the client or git, not about a key's format.
const (
	RulePublicEnvKey     = "public-env-key"
	RuleCommittedEnvFile = "committed-env-file"
	RuleEnvNotIgnored    = "env-not-ignored"
)

// descriptors describe the check rules for reports; they have no prefixes and are never compiled.
var descriptors = map[string]struct{ desc, help string }{
	RulePublicEnvKey: {"Key exposed through a public build-time variable",
		"Variables with a public prefix (VITE_, NEXT_PUBLIC_, REACT_APP_, NUXT_PUBLIC_, EXPO_PUBLIC_, GATSBY_, PUBLIC_) are " +
			"inlined into the client bundle, where every visitor can read them. Call the provider from a server route or proxy " +
			"that reads the key from an environment variable without a public prefix, and rotate the key."},
	RuleCommittedEnvFile: {".env file with a key committed to git",
		"Ignoring the file is not enough once it is committed: run git rm --cached on it, add it to .gitignore, " +
			"rotate the key, and scrub it from history (git filter-repo)."},
	RuleEnvNotIgnored: {".env file with a key not ignored by git",
		"The next git add . commits it. Add .env and .env.* to .gitignore (keylint gitignore --fix) and commit a " +
			".env.example with placeholders instead."},
}

// Descriptor returns a fresh rule describing a check's findings, with envVar for the advice
// reports give; it is meant for Finding.Rule only, never for rules.Compile.
func Descriptor(id, envVar string) *rules.Rule {
	d := descriptors[id]
	return &rules.Rule{ID: id, Description: d.desc, Help: d.help, EnvVar: envVar, Severity: rules.SeverityError}
}
