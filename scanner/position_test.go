package scanner

import (
	"bytes"
	"strings"
	"testing"
)

// TestLastNewline checks the block-wise lastNewline against the standard library on texts
// that put multi-byte characters and line breaks at every offset of a search block
// (internal/runes tests the column count it goes with).
func TestLastNewline(t *testing.T) {
	cases := []struct {
		name string
		text string
	}{
		{"empty", ""},
		{"ascii", "const x = 1"},
		{"two-byte", strings.Repeat("é", 37)},
		{"mixed", strings.Repeat("aé€😀\n", 41) + "tail"},
		{"newline first only", "\n" + strings.Repeat("x", 2000)},
		{"newline at end", strings.Repeat("y", 1500) + "\n"},
		{"no newline long", strings.Repeat("ab€", 700)},
		{"invalid bytes", "\x80\x80\xc3\xff\xfe" + strings.Repeat("\x80", 19)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := []byte(c.text)
			for start := 0; start <= min(len(b), 9); start++ {
				seg := b[start:]
				if got, want := lastNewline(seg), bytes.LastIndexByte(seg, '\n'); got != want {
					t.Errorf("lastNewline(text[%d:]) = %d, want %d", start, got, want)
				}
			}
		})
	}
}

func FuzzLastNewline(f *testing.F) {
	f.Add([]byte("aé€😀\nx"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := lastNewline(b), bytes.LastIndexByte(b, '\n'); got != want {
			t.Fatalf("lastNewline = %d, want %d", got, want)
		}
	})
}
