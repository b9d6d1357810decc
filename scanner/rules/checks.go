package rules

// Ids of the rules found by checks, not by a key's format: how a key reaches the client or git.
const (
	PublicEnvKey     = "public-env-key"
	CommittedEnvFile = "committed-env-file"
	EnvNotIgnored    = "env-not-ignored"
)

// Checks returns the rules reported by checks: they have no prefixes, are never compiled into
// a Set, and are listed, described and disabled like the key rules.
func Checks() []Rule {
	return []Rule{
		{
			ID: PublicEnvKey, Description: "Key exposed through a public build-time variable", Check: true,
			Severity: SeverityError,
			Help: "Variables with a public prefix (" + publicList() + ") are " +
				"inlined into the client bundle, where every visitor can read them. Drop the public prefix, call the provider from " +
				"a server route or proxy that reads the key from an environment variable without it, and rotate the key.",
		},
		{
			ID: CommittedEnvFile, Description: ".env file with a key committed to git", Check: true,
			Severity: SeverityError,
			Help: "Ignoring the file is not enough once it is committed: run git rm --cached on it, add it to .gitignore, " +
				"rotate the key, and scrub it from history (git filter-repo).",
		},
		{
			ID: EnvNotIgnored, Description: ".env file with a key not ignored by git", Check: true,
			Severity: SeverityError,
			Help: "The next git add . commits it. Add .env and .env.* to .gitignore (keylint gitignore --fix) and commit a " +
				".env.example with placeholders instead.",
		},
	}
}

// CheckRule returns a fresh copy of the check rule id, with envVar for the advice reports
// give, and whether there is one.
func CheckRule(id, envVar string) (*Rule, bool) {
	for _, r := range Checks() {
		if r.ID == id {
			r.EnvVar = envVar
			return &r, true
		}
	}
	return nil, false
}
