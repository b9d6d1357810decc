package decode

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestB64Mask checks the vector mask against the byte-by-byte one on every byte value.
func TestB64Mask(t *testing.T) {
	n := NewNeedles(testPrefixes)
	r := rand.New(rand.NewPCG(5, 6))
	for _, c := range []struct {
		name string
		text func() []byte
	}{
		{"every byte value", func() []byte {
			b := make([]byte, 0, 1024)
			for range 4 {
				for v := range 256 {
					b = append(b, byte(v))
				}
			}
			return b
		}},
		{"random bytes", func() []byte {
			b := make([]byte, 64*40+17)
			for i := range b {
				b[i] = byte(r.IntN(256))
			}
			return b
		}},
		{"random base64 and punctuation", func() []byte { return runText(r, 5000) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			text := c.text()
			for off := range 3 { // unaligned starts too
				src := text[off:]
				got := make([]uint64, len(src)/64+1)
				want := make([]uint64, len(src)/64+1)
				kg := b64Mask(&n.isB64, got, src)
				kw := b64MaskGeneric(&n.isB64, want, src)
				if diff := cmp.Diff(want[:kw], got[:kg]); diff != "" {
					t.Errorf("offset %d: (-generic +vector)\n%s", off, diff)
				}
			}
		})
	}
}

// runText returns text of base64 runs of every length (some long, some wrapped over lines)
// between punctuation, blanks and line breaks.
func runText(r *rand.Rand, n int) []byte {
	var b bytes.Buffer
	for b.Len() < n {
		l := r.IntN(40)
		if r.IntN(8) == 0 {
			l = 28 + r.IntN(200)
		}
		for range l {
			b.WriteByte(stdAlphabet[r.IntN(64)])
		}
		b.WriteByte(" ,;\n\n\r\t\"é"[r.IntN(10)])
	}
	return b.Bytes()
}

// longRunsScalar is the reference for runFinder: every byte looked at in turn.
func longRunsScalar(text []byte, minRun int) [][2]int {
	var out [][2]int
	for i := 0; i < len(text); {
		if !isB64(text[i]) {
			i++
			continue
		}
		s, e := i, i
		for e < len(text) && isB64(text[e]) {
			e++
		}
		i = e
		if e-s < minRun {
			continue
		}
		end := e
		k := e
		if k < len(text) && text[k] == '\r' {
			k++
		}
		if k < len(text) && text[k] == '\n' {
			if nl := bytes.IndexByte(text[k+1:], '\n'); nl >= 0 {
				end = k + 1 + nl
			} else {
				end = len(text)
			}
		}
		out = append(out, [2]int{s, end})
		i = end + 1
	}
	return out
}

// TestLongRun checks the regions found from the masks against a byte-by-byte search.
func TestLongRun(t *testing.T) {
	n := NewNeedles(testPrefixes)
	r := rand.New(rand.NewPCG(7, 8))
	long := bytes.Repeat([]byte("QUJD"), 100)
	for _, c := range []struct {
		name string
		text []byte
	}{
		{"empty", nil},
		{"one short run", []byte("abc def")},
		{"exactly the shortest long run", bytes.Repeat([]byte("A"), minB64Run)},
		{"one less", bytes.Repeat([]byte("A"), minB64Run-1)},
		{"a long run to the end", append([]byte("x, "), long...)},
		{"a long run across words, then a line", append(append([]byte("  ;"), long...), "\r\nnext line\nlast"...)},
		{"a long run at a word's end", append(bytes.Repeat([]byte(" "), 64-minB64Run), bytes.Repeat([]byte("A"), minB64Run)...)},
		{"random", runText(r, 20000)},
		{"random, more", runText(r, 50000)},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got [][2]int
			f := runFinder{isB64: &n.isB64, text: c.text}
			for from := 0; ; {
				s, e := f.next(from)
				if s < 0 {
					break
				}
				got = append(got, [2]int{s, e})
				from = e + 1
			}
			if diff := cmp.Diff(longRunsScalar(c.text, minB64Run), got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}
