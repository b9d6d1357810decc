package history

import (
	"bytes"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/google/go-cmp/cmp"
)

// fakePack returns a pack index (names and fan-out only) of n random objects, sorted.
func fakePack(r *rand.Rand, n int) (*pack, []plumbing.Hash) {
	hs := make([]plumbing.Hash, n)
	for i := range hs {
		for j := range hs[i] {
			hs[i][j] = byte(r.UintN(256))
		}
	}
	sort.Slice(hs, func(a, b int) bool { return bytes.Compare(hs[a][:], hs[b][:]) < 0 })
	p := &pack{}
	for _, h := range hs {
		p.names = append(p.names, h[:]...)
		for b := int(h[0]); b < 256; b++ {
			p.fanout[b]++
		}
	}
	return p, hs
}

// TestObjSet checks the set over pack positions: objects in a pack and objects in none,
// added twice, listed once each; and that position finds every object of a large index
// and no other.
func TestObjSet(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	p, hs := fakePack(r, 20000)
	for i, h := range hs {
		if m, ok := p.position(h); !ok || m != i {
			t.Fatalf("position(%s) = %d, %v; want %d", h, m, ok, i)
		}
		miss := h
		miss[19] ^= 0x80
		if _, ok := p.position(miss); ok && !bytes.Equal(p.names[20*i:20*i+20], miss[:]) {
			t.Fatalf("position found %s, which is not in the index", miss)
		}
	}
	s := newObjSet(&packs{packs: []*pack{p}})
	loose := plumbing.Hash{0xff, 1}
	want := map[plumbing.Hash]bool{loose: true}
	for _, h := range []plumbing.Hash{hs[0], hs[7], hs[19999], loose} {
		if !s.add(h) {
			t.Errorf("add(%s) reported it there already", h)
		}
		if s.add(h) {
			t.Errorf("second add(%s) reported it new", h)
		}
		want[h] = true
	}
	if s.has(hs[1]) || !s.has(hs[7]) || !s.has(loose) {
		t.Error("has disagrees with what was added")
	}
	got := map[plumbing.Hash]bool{}
	s.each(func(h plumbing.Hash) { got[h] = true })
	if diff := cmp.Diff(want, got); diff != "" || s.len() != 4 {
		t.Errorf("each (-want +got):\n%s\nlen %d", diff, s.len())
	}
}

// BenchmarkPosition looks objects up in an index of a million objects.
func BenchmarkPosition(b *testing.B) {
	for _, fine := range []bool{false, true} {
		b.Run(map[bool]string{false: "interpolation", true: "fine-fanout"}[fine], func(b *testing.B) {
			p, hs := fakePack(rand.New(rand.NewPCG(5, 6)), 1<<20)
			if fine {
				p.indexFinely()
			}
			i := 0
			for b.Loop() {
				if _, ok := p.position(hs[i&(len(hs)-1)]); !ok {
					b.Fatal("not found")
				}
				i += 7919
			}
		})
	}
}
