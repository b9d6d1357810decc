package envfile

import (
	"bytes"
	"strings"
)

// Var is one assignment in a .env file.
type Var struct {
	Name  string
	Value string
	// Line is 1-based.
	Line int
}

// Parse returns the assignments of a .env file: NAME=value lines, optionally
// preceded by "export", with quoted or unquoted values; comments and blank lines are skipped.
func Parse(data []byte) []Var {
	var out []Var
	for i, raw := range bytes.Split(data, []byte{'\n'}) {
		line := strings.TrimSpace(strings.TrimSuffix(string(raw), "\r"))
		if line == "" || line[0] == '#' {
			continue
		}
		line = strings.TrimSpace(strings.TrimPrefix(line, "export "))
		name, value, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		name = strings.TrimSpace(name)
		if !validName(name) {
			continue
		}
		out = append(out, Var{Name: name, Value: unquote(strings.TrimSpace(value)), Line: i + 1})
	}
	return out
}

func validName(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c == '.' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// unquote strips matching quotes, or an unquoted value's trailing " # comment".
func unquote(v string) string {
	if len(v) >= 1 && (v[0] == '"' || v[0] == '\'' || v[0] == '`') {
		if end := strings.IndexByte(v[1:], v[0]); end >= 0 {
			return v[1 : end+1]
		}
		return v[1:]
	}
	if i := strings.Index(v, " #"); i >= 0 {
		v = strings.TrimSpace(v[:i])
	}
	return v
}
