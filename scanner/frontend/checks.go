package frontend

import "github.com/keylint/keylint/scanner"

// Checks returns the front-end checks in the order they should run.
func Checks() []scanner.Check {
	return []scanner.Check{Bundle{}, SourceMap{}, PublicEnv{}}
}
