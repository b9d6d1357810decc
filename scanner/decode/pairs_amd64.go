package decode

import "golang.org/x/sys/cpu"

// pairMask sets bit i of dst[w] when one of p's pairs stands at src[64*w+i], for as many whole
// 64-byte blocks of src, with the byte after them, as dst has words (at most 64), and returns
// how many it set and which of them are not zero (bit w for dst[w]).
func pairMask(p *pairPlan, dst []uint64, src []byte) (int, uint64) {
	k := max(min(len(dst), 64, (len(src)-1)/64), 0)
	if k == 0 {
		return 0, 0
	}
	if cpu.X86.HasAVX2 {
		var nz uint64
		k = pairMaskAVX2(dst[:k], src, &p.nibbles, &nz)
		return k, nz
	}
	return pairMaskGeneric(p, dst[:k], src)
}

// pairMaskAVX2 is pairMask for len(dst) blocks with AVX2: each byte and the one after it are
// classified by their nibbles (VPSHUFB), as Teddy does for the first bytes of literals.
//
//go:noescape
func pairMaskAVX2(dst []uint64, src []byte, nibbles *[64]byte, nonzero *uint64) int
