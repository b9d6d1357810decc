package rules

// Ids of the built-in key rules.
const (
	GonkaGateAPIKey        = "gonkagate-api-key"
	GonkaGateManagementKey = "gonkagate-management-key"
	FastGPTAPIKey          = "fastgpt-api-key"
)

// Builtin returns the rules keylint ships, GonkaGate's and FastGPT's keys, with
// extra FastGPT prefixes for operators who changed FastGPT's "fastgpt" prefix.
func Builtin(extraFastGPTPrefixes ...string) []Rule {
	fastgpt := []string{"fastgpt-"}
	for _, p := range extraFastGPTPrefixes {
		fastgpt = append(fastgpt, p+"-")
	}
	return []Rule{
		{
			ID:          GonkaGateAPIKey,
			Description: "GonkaGate API key",
			Provider:    "GonkaGate",
			EnvVar:      "GONKAGATE_API_KEY",
			Prefixes:    []string{"gp-"},
			Alphabet:    AlphaNumPunct,
			Shapes:      []Shape{{Min: 20, Max: 256}},
			Random:      true,
			Severity:    SeverityError,
			Help: "A GonkaGate API key spends the account's funds. Read it from the GONKAGATE_API_KEY " +
				"environment variable, never from code or front-end bundles, and rotate this key in the GonkaGate dashboard: it has been in the code.",
			Match: []string{
				"gp-Xk9qL2mN8vB4cR7tY1wZ5hJ3dF6gS0aP",         // keylint:allow sample
				"gp-7Hq2Lm9xVb3Nc8Rt1Yw5Zk4Jd6Fg0SaPuEoIi2Qe", // keylint:allow sample
			},
			NoMatch: []string{
				"gp-your-api-key-here", "gp-...", "gp-xxxxxxxxxxxxxxxxxxxx", "gp-REDACTED", "gp-[REDACTED]", "gp-***",
				"gp-${GONKAGATE_API_KEY}", "gp-{{ .Values.key }}", "gp-%s", `f"gp-{key}"`,
				"gp-secret123", "gp-existing-config-secret", "gp-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
				"gp-abcd************************wxyz", "gp-bp10g78o9807yv9h3",
				"gp-bp17xk2m0a1b2c3d4.gpdbmaster.rds.aliyuncs.com", "gp-header__text", "gp-list-page",
				"gp-1100-milestone-1100.test.js", "GP-7K3Q9XZZ12AB34CD56EF78GH90JK12", "gp-[A-Za-z0-9._-]{20,}",
				"gp-deployment-7d9f8b6c5-x2k4p", "gp-navigation-menu__item--active",
				"gp-8bbf33feff9243a8f506b40928b5b7a767c76fb008f86bebb2737f6a6f0fb23c", // a SHA-256
				"Bearer gp-admin-7x9mK2pQnR4wL8vZ",                                    // another service's token: a label and 16 random characters
			},
		},
		{
			ID:          GonkaGateManagementKey,
			Description: "GonkaGate management key",
			Provider:    "GonkaGate",
			EnvVar:      "GONKAGATE_MANAGEMENT_KEY",
			Prefixes:    []string{"gpm-"},
			Alphabet:    AlphaNumPunct,
			Shapes:      []Shape{{Min: 20, Max: 256}},
			Random:      true,
			Severity:    SeverityError,
			Help: "A GonkaGate management key creates and revokes API keys. Keep it out of code entirely: read it " +
				"from the GONKAGATE_MANAGEMENT_KEY environment variable where it is needed, and rotate this key now.",
			Match: []string{
				"gpm-Rt5Yw2Qe8Zk1Lm7Nx4Vb9Cd3Fg6Hj0SaPu", // keylint:allow sample
			},
			NoMatch: []string{
				"gpm-your-management-key", "gpm-...", "gpm-REDACTED", "gpm-xxxxxxxxxxxxxxxxxxxxxxxx",
				"pushd gpm-70f58904dba41ecccc3fc1626e53a13043b026c4", // a folder named after a commit
			},
		},
		{
			ID:          FastGPTAPIKey,
			Description: "FastGPT API key",
			Provider:    "FastGPT",
			EnvVar:      "FASTGPT_API_KEY",
			Prefixes:    fastgpt,
			Alphabet:    AlphaNum,
			Shapes:      []Shape{{Min: 24, Max: 65}},
			AppIDSuffix: true,
			Random:      true,
			Severity:    SeverityError,
			Help: "A FastGPT API key opens the FastGPT application and its knowledge bases. Read it from the " +
				"FASTGPT_API_KEY environment variable (and FASTGPT_BASE_URL for the server), and delete and recreate this key in FastGPT: it has been in the code.",
			Match: []string{
				"fastgpt-k3Jd8Lq2Mx7Nv5Bc1Zr9Tw4Yh6Gf0SpAeUoIiQa2We3Rt4Yu5Io6Pa7Sd8Fg9Hj0K",             // keylint:allow sample
				"fastgpt-Q2we4Rt6Yu8Io0Pa1Sd3Fg5Hj7",                                                    // keylint:allow sample
				"fastgpt-k3Jd8Lq2Mx7Nv5Bc1Zr9Tw4Yh6Gf0SpAeUoIiQa2We3Rt4Yu5Io6-65f1c2a9b8e7d6c5b4a39281", // keylint:allow sample
				// Hosted and older builds: any first character, and bodies between the generator's bands.
				"fastgpt-K8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8dKLzdocJ2isAjIhKtJ0R",      // keylint:allow sample
				"fastgpt-2gLKOmxgJTeKdNnFRIBXuDL7DxtpYlSXpfKtHF4vUCsMehGAkWvj7FAc9QeW", // keylint:allow sample
				"fastgpt-JKY40uvSwMFLZDe1f8rESQedUStPKR0CsTy4Qwb8",                     // keylint:allow sample
				"fastgpt-DwkNhFdnXsiVpzz63FfkCzJr4i0B3JrTAwR4y9ojfljoQ",                // keylint:allow sample
			},
			NoMatch: []string{
				"fastgpt-xxxxx", "fastgpt-xxxx-appId", "fastgpt-<paste>", "fastgpt-你的应用密钥",
				"fastgpt-test-api-key-67890", "fastgpt-abcdefghijklmnopqrstuvwxyz012345", "@fastgpt-sdk/storage",
				"fastgpt-plugin", "fastgpt-xxxxxxxxxxxxxxxxxxxxxx", "chatgpt-4o-latest-20250514-preview-build",
				"fastgpt-replacement-secret-2026", "myfastgpt-Q2we4Rt6Yu8Io0Pa1Sd3Fg5Hj7",
				"fastgpt-6f5da2cec255404e4fb440034d6608697a8d41be", // a commit hash
				"fastgpt-ChatCompletionRequestMessageContentPartText", "fastgpt-AKIAIOSFODNN7EXAMPLEKEYVALUE12",
			},
		},
	}
}
