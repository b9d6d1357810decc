package report

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SafePath shows a path safely on a terminal: as it is, or quoted and escaped when it
// holds control characters (a newline) or bytes that are not UTF-8.
func SafePath(p string) string {
	if utf8.ValidString(p) && !strings.ContainsFunc(p, unicode.IsControl) {
		return p
	}
	return strconv.Quote(p)
}
