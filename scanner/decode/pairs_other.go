//go:build !amd64

package decode

// pairMask sets bit i of dst[w] when one of p's pairs stands at src[64*w+i], for as many whole
// 64-byte blocks of src, with the byte after them, as dst has words (at most 64), and returns
// how many it set and which of them are not zero (bit w for dst[w]).
func pairMask(p *pairPlan, dst []uint64, src []byte) (int, uint64) {
	return pairMaskGeneric(p, dst, src)
}
