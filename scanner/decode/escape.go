package decode

import (
	"bytes"
	"math/bits"
	"unicode/utf16"
	"unicode/utf8"
)

// maxEscapeRun caps how far a run of escaped text is followed each way.
const maxEscapeRun = 4096

// escapeSpans appends the runs of text with \uXXXX or \xXX escapes (as in JSON
// and JavaScript strings) that unescape to a prefix.
//
// It reads the text as a scan from the left would, each backslash escaping the byte after
// it, but looks only at the backslashes whose escape may stand for printable ASCII, found
// from a bit mask of them (with vector instructions where it can): most backslashes in code
// escape quotes and line breaks, and most \u escapes in bundles other characters. Leaving a
// backslash out changes nothing else: one followed by 'u' or 'x' escapes no backslash after it.
func (n *Needles) escapeSpans(text []byte, spans []Span) []Span {
	done := 0 // text before done is in a run already looked at
	i := 0    // where the scan from the left stands: text before it was read
	var words [16]uint64
	for base := 0; base < len(text)-1; {
		k, nz := escMask(words[:], text[base:])
		if k == 0 {
			// The last bytes, fewer than a block and the bytes after it: masked from a copy
			// with zeros after them, which no escape holds.
			var pad [64 + escLookAhead]byte
			copy(pad[:], text[base:])
			k, nz = escMask(words[:1], pad[:])
		}
		for ; nz != 0; nz &= nz - 1 {
			w := bits.TrailingZeros64(nz)
			for m := words[w]; m != 0; m &= m - 1 {
				p := base + 64*w + bits.TrailingZeros64(m)
				if p < i {
					continue
				}
				// A backslash after an odd number of backslashes (counted from where the
				// scan stands) is itself escaped.
				r := p
				for r > i && text[r-1] == '\\' {
					r--
				}
				if (p-r)%2 != 0 {
					continue
				}
				i = p + 2 // past the backslash and the escaped byte
				// Only escapes that hide printable ASCII can hide a key.
				if !mayBeASCII(text[p:]) {
					continue
				}
				if r, size := escapeAt(text[p:]); size == 0 || r < 0x21 || r > 0x7e {
					continue
				}
				start, end := escapeRun(text, p)
				start = max(start, done)
				i, done = max(i, end), end
				data := unescape(text[start:end])
				if n.containsPrefix(data) {
					spans = append(spans, Span{Start: start, End: end, Data: data, Encoding: EncEscape})
				}
			}
		}
		base += 64 * k
	}
	return spans
}

// mayBeASCII reports whether the \x or \u escape at the start of b may stand for a byte from
// 0x20 to 0x7f, from its leading digits alone: most escapes in bundles hide other
// characters (\u00e9, \ud83d), and are ruled out without parsing them.
func mayBeASCII(b []byte) bool {
	switch {
	case len(b) < 4:
		return false
	case b[1] == 'x':
		return b[2] >= '2' && b[2] <= '7'
	case b[2] == '{':
		return true // \u{...}: left to escapeAt
	}
	return b[2] == '0' && b[3] == '0'
}

// escapeAt decodes the \x or \u escape at the start of b, returning 0 bytes if
// it is malformed.
func escapeAt(b []byte) (r rune, size int) {
	if len(b) < 2 || b[0] != '\\' {
		return 0, 0
	}
	switch b[1] {
	case 'x':
		if v, ok := hexValue(b[2:], 2); ok {
			return v, 4
		}
	case 'u':
		if len(b) > 2 && b[2] == '{' {
			end := bytes.IndexByte(b[3:min(len(b), 10)], '}')
			if end < 1 {
				return 0, 0
			}
			if v, ok := hexValue(b[3:], end); ok && v <= utf8.MaxRune {
				return v, 4 + end
			}
			return 0, 0
		}
		if v, ok := hexValue(b[2:], 4); ok {
			return v, 6
		}
	}
	return 0, 0
}

// hexValue parses the first n bytes of b as hexadecimal.
func hexValue(b []byte, n int) (rune, bool) {
	if len(b) < n {
		return 0, false
	}
	var v rune
	for _, c := range b[:n] {
		switch {
		case c >= '0' && c <= '9':
			v = v<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			v = v<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			v = v<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return v, true
}

// escapeStop reports whether c ends a run of escaped text: a quote, a blank or
// a control byte.
func escapeStop(c byte) bool {
	return c <= ' ' || c == '"' || c == '\'' || c == '`' || c == 0x7f
}

// escapeRun returns the run of string text around the backslash at p.
func escapeRun(text []byte, p int) (start, end int) {
	start = p
	for start > 0 && p-start < maxEscapeRun {
		c := text[start-1]
		if !escapeStop(c) {
			start--
			continue
		}
		if c > ' ' && start >= 2 && text[start-2] == '\\' { // an escaped quote
			start -= 2
			continue
		}
		break
	}
	end = p
	for end < len(text) && end-p < maxEscapeRun {
		c := text[end]
		if c == '\\' && end+1 < len(text) {
			end += 2
			continue
		}
		if escapeStop(c) {
			break
		}
		end++
	}
	return start, end
}

// unescape returns b with its backslash escapes resolved as JavaScript does.
func unescape(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		if b[i] != '\\' || i+1 == len(b) {
			out = append(out, b[i])
			i++
			continue
		}
		if r, size := escapeAt(b[i:]); size > 0 {
			i += size
			if utf16.IsSurrogate(r) {
				if r2, size2 := escapeAt(b[i:]); size2 > 0 {
					if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
						r = d
						i += size2
					}
				}
			}
			out = utf8.AppendRune(out, r)
			continue
		}
		c := b[i+1]
		switch c {
		case 'n':
			c = '\n'
		case 'r':
			c = '\r'
		case 't':
			c = '\t'
		case 'b':
			c = '\b'
		case 'f':
			c = '\f'
		case 'v':
			c = '\v'
		case '0':
			c = 0
		}
		out = append(out, c)
		i += 2
	}
	return out
}
