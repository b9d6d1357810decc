package decode

import (
	"io"
	"unicode/utf16"
	"unicode/utf8"
)

// NewUTF16Reader returns UTF-8 text from UTF-16 input of kind k, its byte-order mark dropped.
//
// Unpaired surrogates and a trailing odd byte become U+FFFD; every UTF-16 line
// break becomes one UTF-8 line break, so line numbers are kept. For a kind other
// than UTF16LE or UTF16BE, r is returned as it is.
func NewUTF16Reader(r io.Reader, k Kind) io.Reader {
	if k != UTF16LE && k != UTF16BE {
		return r
	}
	return &utf16Reader{r: r, be: k == UTF16BE, first: true}
}

// utf16Reader converts UTF-16 to UTF-8 as it is read.
type utf16Reader struct {
	r     io.Reader
	be    bool
	first bool // the next code unit is the first one, a possible byte-order mark

	in     [4096]byte
	nin    int  // bytes of in not yet converted (at most one: an odd byte)
	high   rune // pending high surrogate, or 0
	out    []byte
	outPos int
	err    error // error from r, returned once out is drained
}

func (u *utf16Reader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for u.outPos == len(u.out) {
		if u.err != nil {
			return 0, u.err
		}
		n, err := u.r.Read(u.in[u.nin:])
		u.nin += n
		u.out, u.outPos = u.convert(u.out[:0]), 0
		if err != nil {
			u.err = err
			u.out = u.flush(u.out)
		}
	}
	n := copy(p, u.out[u.outPos:])
	u.outPos += n
	return n, nil
}

// convert appends the UTF-8 form of the whole code units in u.in to dst.
func (u *utf16Reader) convert(dst []byte) []byte {
	i := 0
	for ; i+1 < u.nin; i += 2 {
		var c rune
		if u.be {
			c = rune(u.in[i])<<8 | rune(u.in[i+1])
		} else {
			c = rune(u.in[i+1])<<8 | rune(u.in[i])
		}
		if u.first {
			u.first = false
			if c == 0xfeff {
				continue
			}
		}
		dst = u.unit(dst, c)
	}
	u.nin = copy(u.in[:], u.in[i:u.nin])
	return dst
}

// unit appends the UTF-8 form of one code unit c, pairing surrogates.
func (u *utf16Reader) unit(dst []byte, c rune) []byte {
	if u.high != 0 {
		h := u.high
		u.high = 0
		if c >= 0xdc00 && c <= 0xdfff {
			return utf8.AppendRune(dst, utf16.DecodeRune(h, c))
		}
		dst = utf8.AppendRune(dst, utf8.RuneError)
	}
	switch {
	case c >= 0xd800 && c <= 0xdbff:
		u.high = c
	case c >= 0xdc00 && c <= 0xdfff:
		dst = utf8.AppendRune(dst, utf8.RuneError)
	case c < utf8.RuneSelf:
		dst = append(dst, byte(c))
	default:
		dst = utf8.AppendRune(dst, c)
	}
	return dst
}

// flush appends U+FFFD for a pending high surrogate and a trailing odd byte.
func (u *utf16Reader) flush(dst []byte) []byte {
	if u.high != 0 {
		u.high = 0
		dst = utf8.AppendRune(dst, utf8.RuneError)
	}
	if u.nin > 0 {
		u.nin = 0
		dst = utf8.AppendRune(dst, utf8.RuneError)
	}
	return dst
}
