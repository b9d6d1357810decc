package history

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"sort"
	"strconv"

	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// rawTree is a tree object's content as stored, with where each entry ends. A history
// walk diffs trees in this form: two versions of a folder usually differ in one entry, and
// the entries both start or end with are skipped with one byte comparison, without
// decoding a name.
type rawTree struct {
	data   []byte
	ends   []uint32 // the offset after each entry
	sorted bool     // entries in git's order without repeats (always, from git itself)
}

// treeItem is one entry of a rawTree; name and hash are slices of the tree's data.
type treeItem struct {
	mode filemode.FileMode
	name []byte
	hash []byte
}

// parseRawTree checks a tree object's content and indexes its entries.
func parseRawTree(data []byte) (*rawTree, error) { return parseRawTreeLike(data, nil) }

// parseRawTreeLike is parseRawTree for a tree that is likely a version of base (nil: none):
// the entries in the bytes the two share at their start and at their end are taken from
// base's index, and only those between them are parsed. Two versions of a folder usually
// differ in one entry, so a walk parses about one entry a folder a commit.
func parseRawTreeLike(data []byte, base *rawTree) (*rawTree, error) {
	if base != nil && (!base.sorted || base.len() == 0) {
		base = nil
	}
	// An entry takes some 30 to 50 bytes (a mode, a short name, a hash): room for the
	// usual number, so that the index is not grown entry by entry.
	t := &rawTree{data: data, sorted: true, ends: make([]uint32, 0, len(data)/28+1)}
	pos, tail, shift := 0, len(data), 0
	var prev treeItem
	if base != nil {
		// Entries of base that end within the shared start are the same entries here.
		p := commonPrefix(data, base.data)
		lo := sort.Search(base.len(), func(i int) bool { return int(base.ends[i]) > p })
		t.ends = append(t.ends, base.ends[:lo]...)
		pos = base.start(lo)
		if lo > 0 {
			prev = base.entry(lo - 1)
		}
		// From an entry start within the shared end that is also one of base's, what follows
		// parses as base's entries from there, moved by the difference in length.
		shift = len(data) - len(base.data)
		tail = len(data) - commonSuffix(data[pos:], base.data[pos:])
	}
	for pos < len(data) {
		if pos >= tail {
			bpos := pos - shift
			j := sort.Search(base.len(), func(i int) bool { return base.start(i) >= bpos })
			if j < base.len() && base.start(j) == bpos {
				if pos > 0 && t.sorted && !before(prev, base.entry(j)) {
					t.sorted = false
				}
				for _, end := range base.ends[j:] {
					t.ends = append(t.ends, uint32(int(end)+shift))
				}
				return t, nil
			}
		}
		e, next, err := treeItemAt(data, pos)
		if err != nil {
			return nil, err
		}
		if pos > 0 && t.sorted && !before(prev, e) {
			t.sorted = false
		}
		t.ends = append(t.ends, uint32(next))
		prev, pos = e, next
	}
	return t, nil
}

// treeItemAt decodes the entry at pos ("MODE NAME\0" and 20 hash bytes) and returns where the next starts.
func treeItemAt(data []byte, pos int) (treeItem, int, error) {
	// The mode: one to seven octal digits, then a space.
	var mode uint32
	sp := pos
	for ; sp < len(data) && sp-pos < 8; sp++ {
		c := data[sp]
		if c == ' ' {
			break
		}
		if c < '0' || c > '7' {
			return treeItem{}, 0, errBadTree
		}
		mode = mode<<3 | uint32(c-'0')
	}
	if sp == pos || sp-pos > 7 || sp == len(data) {
		return treeItem{}, 0, errBadTree
	}
	nameStart := sp + 1
	nul := bytes.IndexByte(data[nameStart:], 0)
	if nul < 0 || nameStart+nul+21 > len(data) {
		return treeItem{}, 0, errBadTree
	}
	nul += nameStart
	return treeItem{mode: filemode.FileMode(mode), name: data[nameStart:nul], hash: data[nul+1 : nul+21]}, nul + 21, nil
}

// len returns how many entries the tree has.
func (t *rawTree) len() int { return len(t.ends) }

// start returns the offset of entry i.
func (t *rawTree) start(i int) int {
	if i == 0 {
		return 0
	}
	return int(t.ends[i-1])
}

// entry decodes entry i (parseRawTree checked it).
func (t *rawTree) entry(i int) treeItem {
	e, _, _ := treeItemAt(t.data, t.start(i))
	return e
}

// treeEntry turns a raw entry into go-git's form (the name copied).
func (e treeItem) treeEntry() object.TreeEntry {
	te := object.TreeEntry{Name: string(e.name), Mode: e.mode}
	copy(te.Hash[:], e.hash)
	return te
}

// entries decodes every entry, for the trees diffAt pairs by name.
func (t *rawTree) entries() []object.TreeEntry {
	out := make([]object.TreeEntry, t.len())
	for i := range out {
		out[i] = t.entry(i).treeEntry()
	}
	return out
}

// before reports whether a sorts before b in git's order; the names usually differ
// before either ends, which one byte comparison settles.
func before(a, b treeItem) bool {
	n := min(len(a.name), len(b.name))
	if c := bytes.Compare(a.name[:n], b.name[:n]); c != 0 {
		return c < 0
	}
	return rawCompare(a, b) < 0
}

// rawCompare orders raw entries as gitCompare does.
func rawCompare(a, b treeItem) int {
	n := min(len(a.name), len(b.name))
	for i := range n {
		if a.name[i] != b.name[i] {
			if a.name[i] < b.name[i] {
				return -1
			}
			return 1
		}
	}
	la, lb := len(a.name), len(b.name)
	if a.mode == filemode.Dir {
		la++
	}
	if b.mode == filemode.Dir {
		lb++
	}
	at := func(e treeItem, i int) byte {
		if i < len(e.name) {
			return e.name[i]
		}
		return '/'
	}
	for i := n; i < min(la, lb); i++ {
		if ca, cb := at(a, i), at(b, i); ca != cb {
			if ca < cb {
				return -1
			}
			return 1
		}
	}
	return la - lb
}

// sameSpan bounds the entries two sorted trees share at their start and end: entries
// [0, lo) are the same in both, and entries [nHi, len) of n are the same as [oHi, len) of o.
func sameSpan(n, o *rawTree) (lo, nHi, oHi int) {
	p := commonPrefix(n.data, o.data)
	// Entries that end within the common bytes are identical and at the same index in both.
	lo = sort.Search(n.len(), func(i int) bool { return int(n.ends[i]) > p })
	lo = min(lo, o.len())
	nHi, oHi = n.len(), o.len()
	ns, os := n.start(lo), o.start(lo)
	sfx := commonSuffix(n.data[ns:], o.data[os:])
	if sfx == 0 {
		return lo, nHi, oHi
	}
	// The first entry of n that starts within the common tail, and the same bytes in o,
	// which count only when an entry of o starts there too.
	k := sort.Search(n.len()-lo, func(i int) bool { return n.start(lo+i) >= len(n.data)-sfx }) + lo
	if k == n.len() {
		return lo, nHi, oHi
	}
	at := n.start(k) - len(n.data) + len(o.data)
	j := sort.Search(o.len()-lo, func(i int) bool { return o.start(lo+i) >= at }) + lo
	if j < o.len() && o.start(j) == at && o.len()-j == n.len()-k {
		return lo, k, j
	}
	return lo, nHi, oHi
}

// commonPrefix returns how many bytes a and b share at their start.
func commonPrefix(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	for i+256 <= n && bytes.Equal(a[i:i+256], b[i:i+256]) {
		i += 256
	}
	for ; i+8 <= n; i += 8 {
		if x := binary.LittleEndian.Uint64(a[i:]) ^ binary.LittleEndian.Uint64(b[i:]); x != 0 {
			return i + bits.TrailingZeros64(x)/8
		}
	}
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}

// commonSuffix returns how many bytes a and b share at their end.
func commonSuffix(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	for i+256 <= n && bytes.Equal(a[len(a)-i-256:len(a)-i], b[len(b)-i-256:len(b)-i]) {
		i += 256
	}
	for ; i+8 <= n; i += 8 {
		x := binary.LittleEndian.Uint64(a[len(a)-i-8:]) ^ binary.LittleEndian.Uint64(b[len(b)-i-8:])
		if x != 0 {
			return i + bits.LeadingZeros64(x)/8
		}
	}
	for i < n && a[len(a)-1-i] == b[len(b)-1-i] {
		i++
	}
	return i
}

// emptyTree stands for the missing side of a diff.
var emptyTree = &rawTree{sorted: true}

// bare returns the entry's mode and hash in go-git's form, without its name (diffEntry takes the path).
func (e treeItem) bare() object.TreeEntry {
	te := object.TreeEntry{Mode: e.mode}
	copy(te.Hash[:], e.hash)
	return te
}

// encodeTree writes entries as a tree object's content, for trees go-git read.
func encodeTree(es []object.TreeEntry) []byte {
	var b []byte
	for _, e := range es {
		b = strconv.AppendUint(b, uint64(e.Mode), 8)
		b = append(b, ' ')
		b = append(b, e.Name...)
		b = append(b, 0)
		b = append(b, e.Hash[:]...)
	}
	return b
}

// mergeTrees calls fn for each name whose entry differs between two trees in git's order,
// with the zero treeItem (nil name) for the side that lacks it. Git writes tree entries in
// order, so one merge pass pairs them, with no map, over only the entries between the two
// trees' common start and common end.
func mergeTrees(nt, ot *rawTree, fn func(ne, oe treeItem)) {
	i, nEnd, oEnd := sameSpan(nt, ot)
	j := i
	var ne, oe treeItem
	if i < nEnd {
		ne = nt.entry(i)
	}
	if j < oEnd {
		oe = ot.entry(j)
	}
	for i < nEnd || j < oEnd {
		c := 0
		switch {
		case i == nEnd:
			c = 1
		case j == oEnd:
			c = -1
		default:
			c = rawCompare(ne, oe)
		}
		switch {
		case c > 0:
			fn(treeItem{}, oe)
		case c < 0:
			fn(ne, treeItem{})
		case ne.mode != oe.mode || string(ne.hash) != string(oe.hash):
			fn(ne, oe)
		}
		if c <= 0 {
			if i++; i < nEnd {
				ne = nt.entry(i)
			}
		}
		if c >= 0 {
			if j++; j < oEnd {
				oe = ot.entry(j)
			}
		}
	}
}
