package analyzer

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/keylint/keylint/scanner/rules"
)

// Redactor returns a function that shows every key in a line of text redacted, by the rules
// of the configuration the analyzer would read for a package in dir and by the built-in rules,
// for output that quotes source lines, such as keylint vet -diff.
func Redactor(cfg Config, dir string) (func(string) string, error) {
	fc, err := newConfigs().forDir(cfg.Config, dir)
	if err != nil {
		return nil, err
	}
	builtin, err := rules.BuiltinSet()
	if err != nil {
		return nil, fmt.Errorf("compiling the built-in rules: %w", err)
	}
	sets := []*rules.Set{fc.conf.Scanning(), builtin}
	return func(s string) string { return redactLine(s, sets) }, nil
}

// redactLine hides every key on a line of Go that the sets find, plain or in an escaped literal.
func redactLine(s string, sets []*rules.Set) string {
	s = redactLiterals(s, sets)
	for _, set := range sets {
		s = set.RedactText(s)
	}
	return s
}

// redactLiterals rewrites each interpreted string literal on a line of Go whose value holds a
// key, so that a key written with escapes ("\x66astgpt-…") is hidden as well as a plain one.
func redactLiterals(line string, sets []*rules.Set) string {
	var b strings.Builder
	at := 0
	for i := 0; i < len(line); i++ {
		if line[i] != '"' {
			continue
		}
		j := i + 1
		for j < len(line) && line[j] != '"' {
			if line[j] == '\\' {
				j++
			}
			j++
		}
		if j >= len(line) {
			break
		}
		lit := line[i : j+1]
		val, err := strconv.Unquote(lit)
		if err == nil && val != lit[1:len(lit)-1] {
			red := val
			for _, set := range sets {
				red = set.RedactText(red)
			}
			if red != val {
				b.WriteString(line[at:i])
				b.WriteString(strconv.Quote(red))
				at = j + 1
			}
		}
		i = j
	}
	if at == 0 {
		return line
	}
	b.WriteString(line[at:])
	return b.String()
}
