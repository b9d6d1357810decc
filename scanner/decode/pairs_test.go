package decode

import (
	"bytes"
	"encoding/base64"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestPlanPairs checks that every needle is searched for by exactly one pair it holds, at
// the offset it holds it, for the built-in prefixes and for random sets of up to maxAnchored.
func TestPlanPairs(t *testing.T) {
	if NewNeedles(testPrefixes).pairs == nil {
		t.Fatal("the built-in prefixes have no pair plan: they are searched the slow way")
	}
	g := newKeyGen()
	planned, small := 0, 0
	for i := range 300 {
		prefixes := append([]string(nil), testPrefixes[:i%4]...)
		for range 1 + i%maxAnchored {
			prefixes = append(prefixes, strings.ToLower(g.key("", 1+g.r.IntN(9)))+"-")
		}
		n := NewNeedles(prefixes)
		if n.many {
			continue
		}
		p := n.pairs
		if len(prefixes) <= 3 {
			small++
			if p != nil {
				planned++
			}
		}
		if p == nil {
			continue
		}
		seen := make([]int, len(n.needles))
		for j, refs := range p.refs {
			for _, ref := range refs {
				seen[ref.needle]++
				text := n.needles[ref.needle].text
				a, b := text[ref.off], text[ref.off+1]
				bit := uint8(1) << uint(j)
				if p.first[a]&bit == 0 || p.second[b]&bit == 0 {
					t.Fatalf("%q: needle %q holds %q at %d, which is not pair %d", prefixes, text, text[ref.off:ref.off+2], ref.off, j)
				}
			}
		}
		for k, c := range seen {
			if c != 1 {
				t.Fatalf("%q: needle %q is in %d pairs' lists, want 1", prefixes, n.needles[k].text, c)
			}
		}
	}
	if planned < small/2 {
		t.Errorf("only %d of %d sets of up to three prefixes have a pair plan", planned, small)
	}
}

// TestPairMask checks pairMask, vector kernel and all, against a byte-by-byte search, on
// random bytes dense with the pairs' bytes at every offset within a block and every length.
func TestPairMask(t *testing.T) {
	n := NewNeedles(testPrefixes)
	p := n.pairs
	var hot []byte // the pairs' bytes
	for c := range 256 {
		if p.first[c] != 0 || p.second[c] != 0 {
			hot = append(hot, byte(c))
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	text := make([]byte, 64*70+130)
	for i := range text {
		text[i] = byte(r.IntN(256))
		if r.IntN(3) > 0 {
			text[i] = hot[r.IntN(len(hot))]
		}
	}
	for off := range 130 {
		src := text[off:]
		for _, end := range []int{len(src), 64*3 + 1, 64*3 + 0, 64, 65, 0} {
			src := src[:end]
			want := make([]uint64, 64)
			wk, wnz := pairMaskGeneric(p, want, src)
			got := make([]uint64, 64)
			gk, gnz := pairMask(p, got, src)
			if gk != wk || gnz != wnz {
				t.Fatalf("offset %d, %d bytes: %d words, nonzero %#x; want %d, %#x", off, len(src), gk, gnz, wk, wnz)
			}
			if diff := cmp.Diff(want[:wk], got[:gk]); diff != "" {
				t.Fatalf("offset %d, %d bytes: (-generic +pairMask)\n%s", off, len(src), diff)
			}
			for w := range wk {
				for i := range 64 {
					at := 64*w + i
					if stands := p.first[src[at]]&p.second[src[at+1]] != 0; stands != (want[w]>>uint(i)&1 == 1) {
						t.Fatalf("offset %d: byte %d: pair %v, mask says %v", off, at, stands, !stands)
					}
				}
			}
		}
	}
}

// TestPairSpansMatchRuns checks that the pair search finds the same spans as the search of
// anchor bytes in long base64 runs, which it stands in for, on text of base64 runs of every
// length (wrapped or not, short of a key or long enough) with keys encoded in every alignment.
func TestPairSpansMatchRuns(t *testing.T) {
	n := NewNeedles(testPrefixes)
	runs := newNeedles(testPrefixes, false)
	g := newKeyGen()
	r := rand.New(rand.NewPCG(11, 12))
	encs := []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding}
	found := 0
	for i := range 400 {
		var b bytes.Buffer
		for b.Len() < 3000+r.IntN(20000) {
			kind := r.IntN(6)
			if b.Len() == 0 && i%4 == 0 {
				kind = 0 // a key at the very start
			}
			switch kind {
			case 0: // a key, whole or cut short, in base64 at any alignment, maybe wrapped
				prefix := testPrefixes[r.IntN(len(testPrefixes))]
				data := g.key("", r.IntN(5)) + g.key(prefix, r.IntN(40))
				enc := encs[r.IntN(len(encs))].EncodeToString([]byte(data))
				if r.IntN(3) == 0 {
					enc = wrap(enc, 32+4*r.IntN(12), strings.Repeat(" ", r.IntN(3)))
				}
				if r.IntN(4) == 0 {
					enc = enc[:r.IntN(len(enc)+1)]
				}
				b.WriteString(enc)
			case 1:
				b.Write(nearRuns(r, r.IntN(400)))
			case 2:
				b.Write(runText(r, r.IntN(400)))
			default:
				b.WriteString(g.key("", r.IntN(60)))
			}
			b.WriteByte(" \n;\"=:\r\t,"[r.IntN(9)])
		}
		text := b.Bytes()
		switch i % 4 {
		case 1, 3:
			text = text[r.IntN(64):]
		case 2: // a key at the very end
			text = append(text, base64.RawStdEncoding.EncodeToString([]byte(g.key(testPrefixes[r.IntN(len(testPrefixes))], 40)))...)
		}
		want := runs.base64Spans(text, nil)
		got := n.base64Spans(text, nil)
		found += len(want)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("text %d (%d bytes): (-runs +pairs)\n%s", i, len(text), diff)
		}
	}
	if found < 400 {
		t.Errorf("only %d spans found in all the texts: the test tests little", found)
	}
}
