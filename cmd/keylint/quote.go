package main

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// quotePath shows a path safely on a terminal: quoted and escaped when it holds
// control characters or bytes that are not UTF-8.
func quotePath(p string) string {
	if utf8.ValidString(p) && !strings.ContainsFunc(p, func(r rune) bool { return unicode.IsControl(r) }) {
		return p
	}
	return strconv.Quote(p)
}
