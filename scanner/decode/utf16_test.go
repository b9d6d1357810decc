package decode

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"
)

// encodeUTF16 returns s in UTF-16 of kind k, without a byte-order mark.
func encodeUTF16(s string, k Kind) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		if k == UTF16BE {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return b
}

func TestUTF16Reader(t *testing.T) {
	key := newKeyGen().key("gp-", 40)
	le := func(s string) []byte { return encodeUTF16(s, UTF16LE) }
	be := func(s string) []byte { return encodeUTF16(s, UTF16BE) }
	cat := func(bs ...[]byte) []byte { return bytes.Join(bs, nil) }
	tests := []struct {
		name string
		in   []byte
		kind Kind
		want string
	}{
		{"le bom crlf", le("\ufeffline 1\r\nKEY=" + key + "\r\nline 3\r\n"), UTF16LE, "line 1\r\nKEY=" + key + "\r\nline 3\r\n"},
		{"be bom crlf", be("\ufeffa\r\nb\r\n"), UTF16BE, "a\r\nb\r\n"},
		{"le without bom", le("x=1\n"), UTF16LE, "x=1\n"},
		{"only the first bom is dropped", le("\ufeffa\ufeffb"), UTF16LE, "a\ufeffb"},
		{"surrogate pair", le("\ufeffk😀y"), UTF16LE, "k😀y"},
		{"surrogate pair be", be("😀\n"), UTF16BE, "😀\n"},
		{"non-ascii", le("ключ=1\n"), UTF16LE, "ключ=1\n"},
		{"lone high surrogate at end", cat(le("a"), []byte{0x3d, 0xd8}), UTF16LE, "a\ufffd"},
		{"high surrogate then letter", cat([]byte{0x3d, 0xd8}, le("b")), UTF16LE, "\ufffdb"},
		{"lone low surrogate", cat(le("a"), []byte{0x00, 0xde}, le("b")), UTF16LE, "a\ufffdb"},
		{"odd byte count", cat(le("ab"), []byte{'c'}), UTF16LE, "ab\ufffd"},
		{"one byte", []byte{'c'}, UTF16BE, "\ufffd"},
		{"empty", nil, UTF16LE, ""},
		{"other kinds pass through", []byte("plain\n"), Text, "plain\n"},
	}
	readers := map[string]func(io.Reader) io.Reader{
		"whole":    func(r io.Reader) io.Reader { return r },
		"one byte": iotest.OneByteReader,
		"half":     iotest.HalfReader,
		"data+err": iotest.DataErrReader,
	}
	for _, tt := range tests {
		for rname, wrapR := range readers {
			t.Run(tt.name+"/"+rname, func(t *testing.T) {
				got, err := io.ReadAll(NewUTF16Reader(wrapR(bytes.NewReader(tt.in)), tt.kind))
				if err != nil {
					t.Fatalf("ReadAll: %v", err)
				}
				if diff := cmp.Diff(tt.want, string(got)); diff != "" {
					t.Errorf("NewUTF16Reader(%q) mismatch (-want +got):\n%s", tt.in, diff)
				}
			})
		}
	}
}

func TestUTF16ReaderLong(t *testing.T) {
	// Longer than the reader's buffer, with a surrogate pair across every boundary.
	text := strings.Repeat("ab😀\r\n", 5000)
	got, err := io.ReadAll(NewUTF16Reader(bytes.NewReader(encodeUTF16("\ufeff"+text, UTF16BE)), UTF16BE))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != text {
		t.Errorf("got %d bytes, want %d; lines %d, want %d", len(got), len(text), bytes.Count(got, []byte("\n")), 5000)
	}
}

func TestUTF16ReaderError(t *testing.T) {
	errBoom := io.ErrClosedPipe
	r := NewUTF16Reader(io.MultiReader(bytes.NewReader(encodeUTF16("ab", UTF16LE)), iotest.ErrReader(errBoom)), UTF16LE)
	got, err := io.ReadAll(r)
	if string(got) != "ab" || err != errBoom {
		t.Errorf("ReadAll = %q, %v; want %q, %v", got, err, "ab", errBoom)
	}
}
