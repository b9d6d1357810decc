package fleet

import (
	"strings"
	"testing"
)

// TestParseErrorHidesCredentials checks that a URL that does not parse is named without its user part,
// which url.Parse's own error repeats.
func TestParseErrorHidesCredentials(t *testing.T) {
	_, err := Parse("https://x:SECRETTOKEN@host:bad/p")
	if err == nil || strings.Contains(err.Error(), "SECRETTOKEN") {
		t.Fatalf("Parse error %v: want an error without the token", err)
	}
}
