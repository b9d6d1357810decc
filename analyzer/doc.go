// Package analyzer defines an Analyzer that reports GonkaGate and FastGPT API keys
// hard-coded in Go source.
//
// # Analyzer keylint
//
// keylint: report hard-coded GonkaGate and FastGPT API keys
//
// The analyzer looks at every constant string expression, with the values the type
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
package analyzer

// Doc is the analyzer's documentation, as shown by go vet -help and keylint vet -help.
const Doc = `report hard-coded GonkaGate and FastGPT API keys

The keylint analyzer reports constant string expressions (literals, and the
values the type checker folds from concatenations and named constants) that hold
a GonkaGate (gp-, gpm-) or FastGPT (fastgpt-) API key, and suggests reading the
key from the environment with os.Getenv instead. A //keylint:allow or
//nolint:keylint comment on the line silences a report. Rotate any key reported:
it has been in the code.`
