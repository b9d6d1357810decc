package decode

import (
	"bytes"
	"math"
	"slices"
	"strings"
)

// Needles is a search plan for the encoded forms of a set of key prefixes; it
// is immutable and safe for concurrent use.
type Needles struct {
	prefixes [][]byte
	needles  []needle
	anchors  []anchor
	// many is set when there are too many needles to search for (thousands of
	// prefixes): base64 runs are then decoded and the decoding searched for prefixes.
	many  bool
	index prefixIndex
	// isB64 marks the characters of either base64 alphabet.
	isB64 [256]bool
	// anchorBytes are the distinct bytes of anchors, the last repeated to fill the array,
	// and isAnchor marks them, when they are at most four; fewAnchors says they are, and
	// the anchors are then found from one mask of them all (anyMask).
	anchorBytes [4]byte
	isAnchor    [256]bool
	fewAnchors  bool
	// anchorsOf maps a byte to the anchors that search for it.
	anchorsOf [256][]*anchor
	// pairs, when not nil, finds the needles in one pass over the text instead of the
	// anchors in the long base64 runs (see pairPlan).
	pairs *pairPlan
}

// maxAnchored is the most prefixes whose needles are searched with anchor bytes, one
// pass over the text per anchor; with more, base64 runs are decoded whole, so that the
// cost does not grow with the number of prefixes.
const maxAnchored = 10

// needle is the base64 text that a prefix fixes at one alignment.
type needle struct {
	text   string
	prefix int // index into Needles.prefixes
	align  int // byte offset of the prefix in its 3-byte group
	k0     int // offset of text from the start of the group's 4 characters
	groups int // 4-character groups the prefix touches
	minRun int // shortest base64 run worth decoding around the needle; at least minB64Run, the runs runFinder finds
}

// anchor is a byte searched for with bytes.IndexByte, and the needles that hold it.
type anchor struct {
	c     byte
	holds []anchorRef // at most 64
	// next maps the byte after an anchor byte to the set of holds (bit i for
	// holds[i]) that the byte does not rule out.
	next *[256]uint64
}

// anchorRef says that needle holds the anchor byte at offset off.
type anchorRef struct {
	needle, off int
}

const (
	// minNeedle is the shortest needle searched for; shorter ones match everywhere.
	minNeedle = 3
	// minB64Run is the shortest base64 run decoded: 21 bytes, less than any key.
	minB64Run = 28
	// maxB64Run caps how much of a long base64 run is decoded around a hit.
	maxB64Run = 64 << 10
)

// NewNeedles returns the search plan for prefixes, which Needles.Embedded uses.
func NewNeedles(prefixes []string) *Needles { return newNeedles(prefixes, true) }

// newNeedles is NewNeedles; with pairs false it plans the anchor search whatever the number
// of pairs, as the tests of the two searches against each other need.
func newNeedles(prefixes []string, pairs bool) *Needles {
	n := &Needles{}
	seen := map[string]bool{}
	for _, p := range prefixes {
		if p == "" || seen[p] {
			continue
		}
		seen[p] = true
		n.prefixes = append(n.prefixes, []byte(p))
	}
	n.index = newPrefixIndex(n.prefixes)
	if len(n.prefixes) > maxAnchored {
		n.many = true
		return n
	}
	texts := map[string]bool{}
	for pi, p := range n.prefixes {
		for a := 0; a < 3; a++ {
			nd := prefixNeedle(p, a)
			nd.prefix = pi
			if len(nd.text) < minNeedle {
				continue
			}
			for _, t := range []string{nd.text, toURLAlphabet(nd.text)} {
				if texts[t] {
					continue
				}
				texts[t] = true
				nd.text = t
				n.needles = append(n.needles, nd)
			}
		}
	}
	for c := range n.isB64 {
		n.isB64[c] = isB64(byte(c))
	}
	if pairs {
		if n.pairs = planPairs(n.needles); n.pairs != nil {
			return n // the anchors are not searched for
		}
	}
	n.anchors = planAnchors(n.needles)
	var cs []byte
	for _, a := range n.anchors {
		if !slices.Contains(cs, a.c) {
			cs = append(cs, a.c)
		}
	}
	if n.fewAnchors = len(cs) > 0 && len(cs) <= len(n.anchorBytes); n.fewAnchors {
		for i := range n.anchorBytes {
			n.anchorBytes[i] = cs[min(i, len(cs)-1)]
		}
		for _, c := range cs {
			n.isAnchor[c] = true
		}
		for i := range n.anchors {
			a := &n.anchors[i]
			n.anchorsOf[a.c] = append(n.anchorsOf[a.c], a)
		}
	}
	return n
}

const stdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// prefixNeedle returns the base64 characters fully fixed by p placed a bytes
// into a 3-byte group.
func prefixNeedle(p []byte, a int) needle {
	bit := func(i int) int { // bit i of the group-aligned stream, i in prefix range
		b := p[i/8-a]
		return int(b>>(7-uint(i%8))) & 1
	}
	lo, hi := 8*a, 8*(a+len(p))
	k0 := (lo + 5) / 6
	var sb strings.Builder
	for k := k0; 6*k+6 <= hi; k++ {
		v := 0
		for i := 6 * k; i < 6*k+6; i++ {
			v = v<<1 | bit(i)
		}
		sb.WriteByte(stdAlphabet[v])
	}
	return needle{
		text:   sb.String(),
		align:  a,
		k0:     k0,
		groups: (a + len(p) + 2) / 3,
		minRun: minB64Run,
	}
}

func toURLAlphabet(s string) string {
	b := []byte(s)
	for i, c := range b {
		switch c {
		case '+':
			b[i] = '-'
		case '/':
			b[i] = '_'
		}
	}
	return string(b)
}

// byteRarity ranks base64 characters from rarest to commonest in source code
// (measured on the Go tree); frequency grows about 9% a rank, from 0.02%.
const byteRarity = "JZQjqKYz+WH-GUVB7XLNw9FM5kDPOC8IR6vAE3yT4_Sbh2gm/1pdufclxosianr0te"

// anchorCost is the estimated cost of one bytes.IndexByte pass for c, in units
// of a pass over text where c never occurs.
func anchorCost(c byte) float64 {
	r := strings.IndexByte(byteRarity, c)
	if r < 0 {
		r = len(byteRarity)
	}
	freq := 0.00018 * math.Pow(1.09, float64(r))
	// A pass costs about 40µs a MB; each hit about 8ns.
	return 1 + freq*8000/40
}

// planAnchors picks few, rare bytes so that every needle holds one of them.
func planAnchors(needles []needle) []anchor {
	covered := make([]bool, len(needles))
	left := len(needles)
	var anchors []anchor
	var chars []byte // candidate anchors: the bytes of the needles
	for _, nd := range needles {
		for i := 0; i < len(nd.text); i++ {
			if !slices.Contains(chars, nd.text[i]) {
				chars = append(chars, nd.text[i])
			}
		}
	}
	slices.Sort(chars)
	costs := make([]float64, len(chars))
	for i, c := range chars {
		costs[i] = anchorCost(c)
	}
	for left > 0 {
		best, bestScore := byte(0), 0.0
		for ci, c := range chars {
			cnt := 0
			for i, nd := range needles {
				if !covered[i] && strings.IndexByte(nd.text, c) >= 0 {
					cnt++
				}
			}
			if cnt == 0 {
				continue
			}
			if s := float64(cnt) / costs[ci]; s > bestScore {
				best, bestScore = c, s
			}
		}
		var refs []anchorRef
		for i, nd := range needles {
			if off := strings.IndexByte(nd.text, best); !covered[i] && off >= 0 {
				covered[i] = true
				left--
				refs = append(refs, anchorRef{needle: i, off: off})
			}
		}
		for len(refs) > 0 {
			k := min(len(refs), 64)
			anchors = append(anchors, newAnchor(best, refs[:k], needles))
			refs = refs[k:]
		}
	}
	return anchors
}

// newAnchor returns the anchor for byte c held by refs, at most 64 of them.
func newAnchor(c byte, refs []anchorRef, needles []needle) anchor {
	a := anchor{c: c, holds: refs, next: new([256]uint64)}
	for i, r := range refs {
		t := needles[r.needle].text
		for b := range a.next {
			if r.off+1 >= len(t) || t[r.off+1] == byte(b) {
				a.next[b] |= 1 << i
			}
		}
	}
	return a
}

// containsPrefix reports whether data holds one of the prefixes.
func (n *Needles) containsPrefix(data []byte) bool { return n.index.contains(data) }

// prefixIndex answers whether bytes hold one of a set of prefixes: by trying each when
// they are few, or else by a lookup per distinct prefix length at each byte that ends one.
type prefixIndex struct {
	few  [][]byte
	last [256]bool // bytes that end a prefix
	lens []int     // distinct prefix lengths
	set  map[string]bool
}

// maxFewPrefixes is the most prefixes tried one by one.
const maxFewPrefixes = 8

func newPrefixIndex(prefixes [][]byte) prefixIndex {
	if len(prefixes) <= maxFewPrefixes {
		return prefixIndex{few: prefixes}
	}
	x := prefixIndex{set: map[string]bool{}}
	for _, p := range prefixes {
		x.last[p[len(p)-1]] = true
		x.set[string(p)] = true
		x.lens = append(x.lens, len(p))
	}
	slices.Sort(x.lens)
	x.lens = slices.Compact(x.lens)
	return x
}

func (x *prefixIndex) contains(data []byte) bool {
	if x.set == nil {
		return slices.ContainsFunc(x.few, func(p []byte) bool { return bytes.Contains(data, p) })
	}
	for i, c := range data {
		if !x.last[c] {
			continue
		}
		for _, l := range x.lens {
			if l > i+1 {
				break
			}
			if x.set[string(data[i+1-l:i+1])] {
				return true
			}
		}
	}
	return false
}
