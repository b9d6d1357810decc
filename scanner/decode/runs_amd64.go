package decode

import "golang.org/x/sys/cpu"

// b64Mask sets bit i of dst[w] when src[64*w+i] is a character of either base64 alphabet,
// for as many whole 64-byte blocks of src as dst has words, and returns how many it set.
func b64Mask(_ *[256]bool, dst []uint64, src []byte) int {
	k := min(len(dst), len(src)/64)
	if k == 0 {
		return 0
	}
	if cpu.X86.HasAVX2 {
		return b64MaskAVX2(dst[:k], src)
	}
	return b64MaskSSE2(dst[:k], src)
}

// b64MaskSSE2 is b64Mask for len(dst) blocks, with the SSE2 instructions every amd64
// processor has.
//
//go:noescape
func b64MaskSSE2(dst []uint64, src []byte) int

// b64MaskAVX2 is b64MaskSSE2 with AVX2's 32-byte vectors, classifying each byte by two
// table lookups (VPSHUFB), one per nibble, instead of a compare per range.
//
//go:noescape
func b64MaskAVX2(dst []uint64, src []byte) int

// escMask sets bit i of dst[w] when src[64*w+i] is a backslash whose escape may stand for
// printable ASCII (escMaskTail), for as many whole 64-byte blocks of src, with the
// escLookAhead bytes after them, as dst has words, and returns how many it set and which of
// them are not zero (bit w for dst[w]).
func escMask(dst []uint64, src []byte) (int, uint64) {
	k := min(len(dst), 64, (len(src)-escLookAhead)/64)
	if k <= 0 {
		return 0, 0
	}
	if cpu.X86.HasAVX2 {
		var nz uint64
		k = escMaskAVX2(dst[:k], src, &nz)
		return k, nz
	}
	k = escMaskGeneric(dst[:k], src)
	return k, nonzeroWords(dst[:k])
}

// escMaskAVX2 is escMask for len(dst) blocks with AVX2; it looks past a block of 64 bytes
// without a backslash after one compare of each half.
//
//go:noescape
func escMaskAVX2(dst []uint64, src []byte, nonzero *uint64) int

// anyMask sets bit i of dst[w] when src[64*w+i] is one of the bytes c, for as many whole
// 64-byte blocks of src as dst has words, and returns how many it set.
func anyMask(c *[4]byte, is *[256]bool, dst []uint64, src []byte) int {
	k := min(len(dst), len(src)/64)
	if k == 0 {
		return 0
	}
	if cpu.X86.HasAVX2 {
		return anyMaskAVX2(dst[:k], src, c)
	}
	return anyMaskGeneric(is, dst[:k], src)
}

// anyMaskAVX2 is anyMask for len(dst) blocks with AVX2.
//
//go:noescape
func anyMaskAVX2(dst []uint64, src []byte, c *[4]byte) int
