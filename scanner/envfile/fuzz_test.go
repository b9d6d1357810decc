package envfile_test

import (
	"bytes"
	"testing"

	"github.com/keylint/keylint/scanner/envfile"
)

func FuzzParse(f *testing.F) {
	f.Add([]byte("A=1\nexport B='two'\n# c\nC=\"x\\\"y\" # tail\r\nD\n=E\n"))
	f.Add([]byte("K=\"unterminated\nL=${K}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := bytes.Count(data, []byte{'\n'}) + 1
		for _, v := range envfile.Parse(data) {
			if v.Line < 1 || v.Line > lines {
				t.Fatalf("variable %q on line %d of %d", v.Name, v.Line, lines)
			}
		}
	})
}
