package driver

import (
	"go/scanner"
	"go/token"
	"os"
	"strconv"
	"strings"

	"github.com/keylint/keylint/scanner/rules"
)

// hidePieces extends redact to the string literals inside the reported expressions: a key
// folded from constants (prefix + "the rest") has pieces that are no key by themselves, so
// the rules cannot find them in a line, but a diff must not show them either.
func hidePieces(diags []diag, redact func(string) string) func(string) string {
	var pieces []string
	for _, d := range diags {
		tf := d.fset.File(d.d.Pos)
		if tf == nil {
			continue
		}
		src, err := os.ReadFile(tf.Name())
		if err != nil || tf.Size() != len(src) {
			continue
		}
		from, to := tf.Offset(d.d.Pos), tf.Offset(d.d.End)
		var s scanner.Scanner
		fs := token.NewFileSet()
		s.Init(fs.AddFile("", -1, to-from), src[from:to], nil, 0)
		for {
			_, tok, lit := s.Scan()
			if tok == token.EOF {
				break
			}
			if tok != token.STRING {
				continue
			}
			if v, err := strconv.Unquote(lit); err == nil && len(v) >= 8 {
				pieces = append(pieces, v)
			}
		}
	}
	return func(line string) string {
		line = redact(line)
		for _, p := range pieces {
			line = strings.ReplaceAll(line, p, rules.RedactBody(p))
		}
		return line
	}
}
