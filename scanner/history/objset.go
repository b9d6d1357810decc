package history

import (
	"math/bits"

	"github.com/go-git/go-git/v5/plumbing"
)

// objSet is a set of objects that costs one bit per object of the repository's packs
// (an object is known by its place in its pack's index), and a map entry only for
// objects in no pack (loose ones, usually few): so the blobs and commits a walk has seen
// fit in a fixed budget, 1.25 MB for a repository of ten million objects.
type objSet struct {
	ps    *packs
	bits  [][]uint64 // per pack, one bit per object in index order, made on first use
	other map[plumbing.Hash]struct{}
	n     int
}

// newObjSet returns an empty set over ps (nil: every object in the map).
func newObjSet(ps *packs) *objSet {
	s := &objSet{ps: ps, other: map[plumbing.Hash]struct{}{}}
	if ps != nil {
		s.bits = make([][]uint64, len(ps.packs))
	}
	return s
}

// slot returns where h's bit is, or ok false when h is in no pack.
func (s *objSet) slot(h plumbing.Hash) (pack, pos int, ok bool) {
	if s.ps == nil {
		return 0, 0, false
	}
	for i, p := range s.ps.packs {
		if m, ok := p.position(h); ok {
			return i, m, true
		}
	}
	return 0, 0, false
}

// add puts h in the set and reports whether it was not there yet.
func (s *objSet) add(h plumbing.Hash) bool {
	pi, m, ok := s.slot(h)
	if !ok {
		if _, had := s.other[h]; had {
			return false
		}
		s.other[h] = struct{}{}
		s.n++
		return true
	}
	if s.bits[pi] == nil {
		s.bits[pi] = make([]uint64, (len(s.ps.packs[pi].names)/20+63)/64)
	}
	w, b := &s.bits[pi][m/64], uint64(1)<<(m%64)
	if *w&b != 0 {
		return false
	}
	*w |= b
	s.n++
	return true
}

// has reports whether h is in the set.
func (s *objSet) has(h plumbing.Hash) bool {
	if s.n == 0 {
		return false // the usual exclusion set of a whole-history walk: no lookup for it
	}
	pi, m, ok := s.slot(h)
	if !ok {
		_, had := s.other[h]
		return had
	}
	return s.bits[pi] != nil && s.bits[pi][m/64]&(uint64(1)<<(m%64)) != 0
}

// len returns how many objects the set holds.
func (s *objSet) len() int { return s.n }

// each calls fn for every object in the set.
func (s *objSet) each(fn func(plumbing.Hash)) {
	for pi, words := range s.bits {
		names := s.ps.packs[pi].names
		for wi, w := range words {
			for ; w != 0; w &= w - 1 {
				m := wi*64 + trailingZeros(w)
				var h plumbing.Hash
				copy(h[:], names[20*m:20*m+20])
				fn(h)
			}
		}
	}
	for h := range s.other {
		fn(h)
	}
}

func trailingZeros(w uint64) int { return bits.TrailingZeros64(w) }
