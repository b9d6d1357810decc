package frontend

import "github.com/keylint/keylint/scanner"

// Checks returns the front-end checks in the order they should run, finding scripts'
// source maps on disk.
func Checks() []scanner.Check {
	return ChecksWith(FileMaps{})
}

// ChecksWith returns the front-end checks, finding scripts' source maps through maps.
func ChecksWith(maps MapFinder) []scanner.Check {
	return []scanner.Check{Origin{Maps: maps}, Bundle{}, SourceMap{}, PublicEnv{}}
}
