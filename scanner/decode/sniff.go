package decode

import "bytes"

// Sniff says what head, the first bytes of a file, holds.
//
// UTF-16 is recognised only by its byte-order mark; UTF-16 without one has NUL
// bytes and is Binary. A UTF-8 byte-order mark is Text. A head with a NUL byte is
// Binary unless control bytes are rare in it: a stray NUL in an otherwise text
// file does not hide the file's keys.
func Sniff(head []byte) Kind {
	switch {
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		return GzipKind
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return ZipKind
	case IsTar(head):
		return TarKind
	case bytes.HasPrefix(head, []byte{0xff, 0xfe}):
		return UTF16LE
	case bytes.HasPrefix(head, []byte{0xfe, 0xff}):
		return UTF16BE
	case bytes.IndexByte(head, 0) >= 0 && controlShare(head) >= 1.0/32:
		return Binary
	}
	return Text
}

// controlShare is the share of head's bytes that are control characters text does not use.
func controlShare(head []byte) float64 {
	n := 0
	for _, c := range head {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b || c == 0x7f {
			n++
		}
	}
	return float64(n) / float64(len(head))
}
