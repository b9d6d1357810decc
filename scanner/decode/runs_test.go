package decode

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/keylint/keylint/internal/testkey"
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
				if diff := gocmp.Diff(want[:kw], got[:kg]); diff != "" {
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

// nearRuns returns text of base64 runs from 1 to 40 characters, most of them just short of
// minB64Run or just long enough, so that words with two full bytes and runs across words that
// nextRun passes over or must look at stand side by side.
func nearRuns(r *rand.Rand, n int) []byte {
	var b bytes.Buffer
	for b.Len() < n {
		l := 1 + r.IntN(40)
		if r.IntN(2) == 0 {
			l = minB64Run - 8 + r.IntN(12)
		}
		for range l {
			b.WriteByte(stdAlphabet[r.IntN(64)])
		}
		b.WriteByte(" ,;\n\"\r"[r.IntN(6)])
	}
	return b.Bytes()
}

// longRuns returns runs of 1,000 to 40,000 characters, longer than what one block of
// runFinder's masks covers, between short ones.
func longRuns(r *rand.Rand) []byte {
	var b bytes.Buffer
	for range 12 {
		for range 1000 + r.IntN(39000) {
			b.WriteByte(stdAlphabet[r.IntN(64)])
		}
		b.WriteString(" ab, cd\n")
		b.Write(nearRuns(r, r.IntN(300)))
	}
	return b.Bytes()
}

// everyOffset returns runs of minB64Run-1 to minB64Run+9 characters starting at every offset
// of a word.
func everyOffset() []byte {
	var b bytes.Buffer
	for l := minB64Run - 1; l < minB64Run+10; l++ {
		for off := range 64 {
			b.Write(bytes.Repeat([]byte(" "), 64-(b.Len()%64)+off))
			b.Write(bytes.Repeat([]byte("Q"), l))
		}
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
		{"runs about the shortest long run", nearRuns(r, 50000)},
		{"the shortest long run at every offset", everyOffset()},
		{"runs about the shortest, across many blocks of masks", nearRuns(r, 300000)},
		{"runs longer than a block of masks", longRuns(r)},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := allRuns(n, c.text)
			if diff := gocmp.Diff(longRunsScalar(c.text, minB64Run), got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

// allRuns returns every long base64 run runFinder finds in text, as [start, end) pairs.
func allRuns(n *Needles, text []byte) [][2]int {
	var got [][2]int
	f := runFinder{isB64: &n.isB64, text: text}
	for from := 0; ; {
		s, e := f.next(from)
		if s < 0 {
			return got
		}
		got = append(got, [2]int{s, e})
		from = e + 1
	}
}

// TestLongRunAtMapEdges checks runs of about the shortest long length placed at every offset
// around the end of a block of runFinder's masks, and after long stretches of text without
// base64 (a search that passes many words).
func TestLongRunAtMapEdges(t *testing.T) {
	n := NewNeedles(testPrefixes)
	check := func(name string, text []byte) {
		t.Helper()
		got := allRuns(n, text)
		want := longRunsScalar(text, minB64Run)
		if len(want) == 0 {
			t.Fatalf("%s: no long run in the text: the test tests nothing", name)
		}
		if diff := gocmp.Diff(want, got); diff != "" {
			t.Fatalf("%s: (-want +got)\n%s", name, diff)
		}
	}
	edge := 64 * len(runFinder{}.words)
	for l := minB64Run; l < minB64Run+4; l++ {
		for at := edge - 40; at < edge+8; at++ {
			text := bytes.Repeat([]byte(" "), edge+200)
			copy(text[at:], bytes.Repeat([]byte("Q"), l))
			check(fmt.Sprintf("a run of %d at %d", l, at), text)
		}
	}
	for l := minB64Run; l < minB64Run+4; l++ {
		var b bytes.Buffer
		for off := range 80 {
			b.Write(bytes.Repeat([]byte(" "), 500+off))
			b.Write(bytes.Repeat([]byte("Q"), l))
		}
		check(fmt.Sprintf("runs of %d after 500 bytes and more", l), b.Bytes())
	}
}

// escapeSpansScalar is the reference for Needles.escapeSpans: every backslash looked at in
// turn, as the scan read before the mask of escapes.
func (n *Needles) escapeSpansScalar(text []byte, spans []Span) []Span {
	done := 0
	for i := 0; i < len(text); {
		j := bytes.IndexByte(text[i:], '\\')
		if j < 0 || i+j+1 >= len(text) {
			break
		}
		p := i + j
		i = p + 2
		if c := text[p+1]; c != 'u' && c != 'x' {
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
	return spans
}

// TestEscapeMask checks the escapes found from the mask against the byte-by-byte scan, on
// text dense with backslashes, escapes of prefixes and escaped backslashes.
func TestEscapeMask(t *testing.T) {
	n := NewNeedles(testPrefixes)
	r := rand.New(rand.NewPCG(11, 12))
	pieces := []string{`\`, `\\`, `\u0067\u0070-`, `\x67p-`, `\x66astgpt-`, `gp-`, `\n`, `"`, ` `, `u`, `x`, `0067`, `\u{67}`, `abcdefghij0123456789`, "\n",
		`\u00e9`, `\u001b`, `\u007e`, `\x7f`, `\x1f`, `\u0020`, `\ud83d`, `\u{1F600}`, `\x2`, `\u00`, `00`}
	spans := 0
	for round := range 300 {
		var b bytes.Buffer
		for b.Len() < 50+r.IntN(400) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		text := b.Bytes()
		want := n.escapeSpansScalar(text, nil)
		got := n.escapeSpans(text, nil)
		if diff := gocmp.Diff(want, got); diff != "" {
			t.Fatalf("round %d: (-scalar +mask)\n%s", round, diff)
		}
		spans += len(got)
	}
	if spans < 100 {
		t.Errorf("only %d spans in all the rounds: the text does not test the escapes", spans)
	}
}

// TestEscMaskKernel checks escMask against the byte-by-byte mask at every offset.
// It checks the words it says are not zero too, on text dense with backslashes and on text
// where most blocks of 64 bytes have none, made of the pieces of the escapes the mask keeps
// (\x2, \u{, \u007) and of those it leaves out (\x1, \u00e, \u01, \u0{), with bytes from 0x80.
func TestEscMaskKernel(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	pieces := []string{`\`, `u`, `x`, `0`, `{`, `1`, `2`, `7`, `8`, `e`, `\u00`, `\u0`, `\x`, `\u`, `"`, `\\`, "\xc3"}
	for _, sparse := range []int{1, 3} {
		var b bytes.Buffer
		for b.Len() < 64*20+70 {
			if r.IntN(sparse) > 0 {
				b.WriteString(strings.Repeat("a", 64)) // most blocks have no backslash
				continue
			}
			for range 8 {
				b.WriteString(pieces[r.IntN(len(pieces))])
			}
		}
		text := b.Bytes()
		marked := 0
		for off := range 66 {
			src := text[off:]
			want := make([]uint64, 20)
			got := make([]uint64, 20)
			kw := escMaskGeneric(want, src)
			kg, nz := escMask(got, src)
			if diff := gocmp.Diff(want[:kw], got[:kg]); diff != "" {
				t.Fatalf("sparse %d, offset %d: (-generic +vector)\n%s", sparse, off, diff)
			}
			if want := nonzeroWords(want[:kw]); nz != want {
				t.Fatalf("sparse %d, offset %d: words not zero %#x, want %#x", sparse, off, nz, want)
			}
			for _, m := range want[:kw] {
				marked += bits.OnesCount64(m)
			}
		}
		if marked < 100 {
			t.Errorf("sparse %d: %d escapes marked at all the offsets: the text does not test the mask", sparse, marked)
		}
	}
}

// TestAsciiEscape checks which escapes the mask of escapes keeps.
func TestAsciiEscape(t *testing.T) {
	for _, c := range []struct {
		after string // the bytes after the backslash
		want  bool
	}{
		{"x41", true}, {"x7e", true}, {"x2", true}, {"x1f", false}, {"x80", false}, {"x", false},
		{"u0041", true}, {"u007e", true}, {"u002", true}, {"u00e9", false}, {"u001b", false},
		{"u0141", false}, {"ud83d", false}, {"u00", false}, {"u{41}", true}, {"u{", true},
		{"n", false}, {"\\", false}, {"", false},
	} {
		if got := asciiEscape([]byte(c.after)); got != c.want {
			t.Errorf("asciiEscape(%q) = %v, want %v", c.after, got, c.want)
		}
	}
}

// TestAnchorMask checks that finding the anchors from one mask of their bytes finds what a
// search per anchor finds, on base64 texts holding encoded keys at every alignment.
func TestAnchorMask(t *testing.T) {
	g := newKeyGen()
	r := rand.New(rand.NewPCG(18, 6))
	n := newNeedles(testPrefixes, false)
	found := 0
	for round := range 300 {
		var sb strings.Builder
		for range 1 + r.IntN(6) {
			sb.WriteString(testkey.From(r, base62+"+/", r.IntN(150)))
			if r.IntN(2) == 0 {
				k := g.key(testPrefixes[r.IntN(len(testPrefixes))], 30)
				sb.WriteString(base64.StdEncoding.EncodeToString([]byte(strings.Repeat("x", round%3) + k)))
			}
			sb.WriteString([]string{"", "\n", " ", "\"", "ZZ"}[r.IntN(5)])
		}
		text := []byte(sb.String())
		for _, from := range []int{0, 1, len(text) / 3} {
			want := n.anchorHitsEach(text, from, len(text)-1, nil)
			got := n.anchorHits(text, from, len(text), nil)
			// The same hits, in another order: by place rather than by anchor.
			byPlace := func(x, y b64Hit) int { return cmp.Or(x.group-y.group, x.needle-y.needle) }
			slices.SortFunc(want, byPlace)
			slices.SortFunc(got, byPlace)
			if diff := gocmp.Diff(want, got, gocmp.AllowUnexported(b64Hit{})); diff != "" {
				t.Fatalf("round %d: (-a search per anchor +one mask)\n%s", round, diff)
			}
			found += len(got)
		}
	}
	if found < 100 {
		t.Errorf("%d hits in all: the texts test too little", found)
	}
}

// TestMayBeASCII checks that every escape mayBeASCII rules out is one escapeAt decodes to no
// printable ASCII: every \x escape, and every \u escape of four characters from the hex
// digits and a few others, with what follows.
func TestMayBeASCII(t *testing.T) {
	chars := "0123456789abcdefABCDEFgx{}"
	kept := 0
	check := func(b []byte) {
		if mayBeASCII(b) {
			kept++
			return
		}
		if r, size := escapeAt(b); size > 0 && r >= 0x21 && r <= 0x7e {
			t.Fatalf("%q decodes to %q, yet mayBeASCII rules it out", b, r)
		}
	}
	for c1 := range 256 {
		for c2 := range 256 {
			check([]byte{'\\', 'x', byte(c1), byte(c2)})
			check([]byte{'\\', 'x', byte(c1), byte(c2), 'z'})
		}
	}
	for _, a := range chars {
		for _, b := range chars {
			for _, c := range chars {
				for _, d := range chars {
					check([]byte{'\\', 'u', byte(a), byte(b), byte(c), byte(d)})
					check([]byte{'\\', 'u', byte(a), byte(b), byte(c), byte(d), '}', '!'})
				}
			}
		}
	}
	if kept == 0 {
		t.Error("mayBeASCII rules out every escape")
	}
}

// TestTwoFullBytes checks that every word holding a run of minB64Run set bits has two full
// bytes side by side, as nextRun takes for granted, and that words without are told apart.
func TestTwoFullBytes(t *testing.T) {
	for n := minB64Run; n <= 64; n++ {
		for at := 0; at+n <= 64; at++ {
			m := (^uint64(0) >> uint(64-n)) << uint(at)
			if !twoFullBytes(m) {
				t.Fatalf("a run of %d bits at %d: no two full bytes", n, at)
			}
		}
	}
	for _, m := range []uint64{0, 0xff, 0xff00ff, 0xfeff, 0x7fff8000, 0xff000000000000ff} {
		if twoFullBytes(m) {
			t.Errorf("%#x: two full bytes, it has none side by side", m)
		}
	}
	r := rand.New(rand.NewPCG(18, 7))
	for range 100000 {
		m := r.Uint64() | r.Uint64() // dense, as code's base64 masks are
		want := false
		for i := range 7 {
			want = want || m>>(8*uint(i))&0xffff == 0xffff
		}
		if got := twoFullBytes(m); got != want {
			t.Fatalf("%#x: twoFullBytes = %v, want %v", m, got, want)
		}
	}
}
