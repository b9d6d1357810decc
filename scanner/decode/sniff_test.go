package decode

import (
	"strings"
	"testing"
)

func TestSniff(t *testing.T) {
	tests := []struct {
		name string
		head string
		want Kind
	}{
		{"empty", "", Text},
		{"text", "package main\n", Text},
		{"utf-8 bom", "\xef\xbb\xbfkey=1\n", Text},
		{"gzip", "\x1f\x8b\x08\x00", GzipKind},
		{"zip", "PK\x03\x04\x14\x00", ZipKind},
		{"empty zip", "PK\x05\x06\x00\x00", ZipKind},
		{"utf-16le bom", "\xff\xfeg\x00p\x00", UTF16LE},
		{"utf-16be bom", "\xfe\xff\x00g\x00p", UTF16BE},
		{"utf-16le without bom is binary", "g\x00p\x00-\x00", Binary},
		{"nul byte", "ELF\x00\x01", Binary},
		{"one nul in long text", "\x00" + strings.Repeat("plain text line\n", 4), Text},
		{"lone 0x1f", "\x1f", Text},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sniff([]byte(tt.head)); got != tt.want {
				t.Errorf("Sniff(%q) = %v, want %v", tt.head, got, tt.want)
			}
		})
	}
}
