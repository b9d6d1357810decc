// Package analyzer defines an Analyzer that reports GonkaGate and FastGPT API keys
// hard-coded in Go source.
//
// # Analyzer keylint
//
// keylint: report hard-coded GonkaGate and FastGPT API keys
//
// The analyzer reports constant string expressions that hold a GonkaGate (gp-, gpm-) or
// FastGPT (fastgpt-) API key, and suggests reading the key from the environment with
// os.Getenv instead. It looks at every constant string expression, with the values the type
// checker folds, so that a key split across a concatenation such as
//
//	const key = "gp-" + body // body: a constant holding the rest of the key
//
// or assembled from constants in other packages is found as a whole. It reports the
// outermost such expression once: plain and raw literals, struct and map literals,
// call arguments, const and var declarations, os.Getenv fallbacks, test files. Key
// formats, placeholders and look-alikes come from the scanner/rules package, the same
// recognizer the keylint command uses on any file.
//
// The suggested fix replaces the expression with os.Getenv("GONKAGATE_API_KEY")
// (GONKAGATE_MANAGEMENT_KEY for gpm- keys, FASTGPT_API_KEY for fastgpt- keys; see the
// -gonkagate-env, -gonkagate-management-env and -fastgpt-env flags), keeping any text
// around the key, and imports "os" where the file lacks it. A constant holding a key
// becomes a variable; where that is not safe (the constant is used in another constant
// expression, is exported from an importable package, or its value uses iota) no fix
// is offered and the message says why. Whatever the fix, rotate the key: it has been
// in the code.
//
// A //keylint:allow or //nolint:keylint comment on the line silences the report.
//
// The .keylint.yaml that the -config flag names, or else the one at the package's module
// root or work tree root, applies as it does to keylint scan: disabled rules, custom rules,
// fastgpt-prefixes, allowed fingerprints (of paths relative to the configuration's folder), and the
// exclude and include globs.
package analyzer
