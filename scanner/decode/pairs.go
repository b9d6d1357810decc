package decode

import (
	"math"
	"math/bits"
	"strings"
)

// pairPlan finds the needles by a pair of adjacent bytes each of them holds: a few rare pairs
// ("Z3", "wL", "G0", ...) that every needle holds one of, searched for in one vector pass over
// the whole text. Where a pair stands the needles that hold it are compared in full, and the
// run around one that matches decides, as for any hit, whether it is decoded (hitSpans).
//
// It stands in for finding the long base64 runs first and searching their anchor bytes: in
// code a long run starts every few hundred bytes, and each costs more than the pass.
type pairPlan struct {
	// first and second map a byte to the pairs (bit j for the j-th) whose first or second
	// byte it is: a pair stands at i when first[text[i]]&second[text[i+1]] is not zero.
	first, second [256]uint8
	// nibbles holds the same tables by nibble for the vector kernel, 16 bytes each: the first
	// byte's low and high nibbles, then the second's. With one pair a bit, a byte matches
	// bit j in both of its nibbles only when it is that pair's byte: the kernel is exact.
	nibbles [64]byte
	// refs lists, for each pair, the needles that hold it and where.
	refs [maxPairs][]anchorRef
}

// maxPairs is the most pairs a plan searches for: one a bit of the kernel's bytes. Prefixes
// whose needles need more are searched the other way (runFinder and anchors).
const maxPairs = 8

// planPairs picks few, rare pairs of bytes so that every needle holds one of them, or returns
// nil when that takes more than maxPairs (or there are more than 64 needles).
func planPairs(needles []needle) *pairPlan {
	if len(needles) > 64 {
		return nil
	}
	// Each pair the needles hold, with the needles that hold it (bit k for needles[k]) and the
	// hits it costs.
	type candidate struct {
		a, b    byte
		holders uint64
		cost    float64
	}
	var cands []candidate
	index := map[[2]byte]int{}
	var freq [256]float64 // byteFreq of the needles' bytes, 0 until asked for
	freqOf := func(c byte) float64 {
		if freq[c] == 0 {
			freq[c] = byteFreq(c)
		}
		return freq[c]
	}
	for k, nd := range needles {
		for i := 0; i+1 < len(nd.text); i++ {
			key := [2]byte{nd.text[i], nd.text[i+1]}
			c, ok := index[key]
			if !ok {
				c = len(cands)
				index[key] = c
				cands = append(cands, candidate{a: key[0], b: key[1], cost: freqOf(key[0]) * freqOf(key[1])})
			}
			cands[c].holders |= 1 << uint(k)
		}
	}
	p := &pairPlan{}
	left := ^uint64(0) >> uint(64-len(needles)) // the needles no pair covers yet
	for j := 0; left != 0; j++ {
		if j == maxPairs {
			return nil
		}
		// The pair that covers the most needles left for the hits it costs; of equal ones, the
		// first in byte order, so that the plan does not depend on the needles' order.
		best, bestScore := -1, 0.0
		for c, cand := range cands {
			s := float64(bits.OnesCount64(cand.holders&left)) / cand.cost
			if s > bestScore || s > 0 && s == bestScore && pairBefore(cand.a, cand.b, cands[best].a, cands[best].b) {
				best, bestScore = c, s
			}
		}
		c := cands[best]
		for m := c.holders & left; m != 0; m &= m - 1 {
			k := bits.TrailingZeros64(m)
			off := strings.Index(needles[k].text, string([]byte{c.a, c.b}))
			p.refs[j] = append(p.refs[j], anchorRef{needle: k, off: off})
		}
		left &^= c.holders
		bit := uint8(1) << uint(j)
		p.first[c.a] |= bit
		p.second[c.b] |= bit
		p.nibbles[c.a&15] |= bit
		p.nibbles[16+c.a>>4] |= bit
		p.nibbles[32+c.b&15] |= bit
		p.nibbles[48+c.b>>4] |= bit
	}
	return p
}

// pairBefore reports whether the pair a, b comes before c, d in byte order.
func pairBefore(a, b, c, d byte) bool { return a < c || a == c && b < d }

// byteFreq is the estimated share of c among the bytes of source code (see byteRarity).
func byteFreq(c byte) float64 {
	r := strings.IndexByte(byteRarity, c)
	if r < 0 {
		r = len(byteRarity)
	}
	return 0.00018 * math.Pow(1.09, float64(r))
}

// pairHits appends the needles that stand in text and whose prefix checks out.
func (n *Needles) pairHits(text []byte, hits []b64Hit) []b64Hit {
	p := n.pairs
	var words [64]uint64
	base := 0
	for {
		k, nz := pairMask(p, words[:], text[base:])
		if k == 0 {
			break
		}
		for ; nz != 0; nz &= nz - 1 {
			w := bits.TrailingZeros64(nz)
			for m := words[w]; m != 0; m &= m - 1 {
				hits = n.pairHit(text, base+64*w+bits.TrailingZeros64(m), hits)
			}
		}
		base += 64 * k
	}
	// The last bytes, fewer than a block and the byte after it.
	for i := base; i+1 < len(text); i++ {
		if p.first[text[i]]&p.second[text[i+1]] != 0 {
			hits = n.pairHit(text, i, hits)
		}
	}
	return hits
}

// pairHit appends the needles that hold a pair standing at i, stand around it and decode to
// their prefix.
func (n *Needles) pairHit(text []byte, i int, hits []b64Hit) []b64Hit {
	p := n.pairs
	for m := p.first[text[i]] & p.second[text[i+1]]; m != 0; m &= m - 1 {
		for _, ref := range p.refs[bits.TrailingZeros8(m)] {
			hits = n.needleHit(text, ref, i, hits)
		}
	}
	return hits
}

// pairMaskGeneric is pairMask without vector instructions.
func pairMaskGeneric(p *pairPlan, dst []uint64, src []byte) (int, uint64) {
	k := max(min(len(dst), 64, (len(src)-1)/64), 0)
	var nz uint64
	for w := range k {
		var m uint64
		for i, c := range src[64*w : 64*w+64] {
			if p.first[c]&p.second[src[64*w+i+1]] != 0 {
				m |= 1 << uint(i)
			}
		}
		dst[w] = m
		if m != 0 {
			nz |= 1 << uint(w)
		}
	}
	return k, nz
}
