//go:build !amd64

package decode

// b64Mask sets bit i of dst[w] when src[64*w+i] is a character of either base64 alphabet,
// for as many whole 64-byte blocks of src as dst has words, and returns how many it set.
func b64Mask(isB64 *[256]bool, dst []uint64, src []byte) int {
	return b64MaskGeneric(isB64, dst, src)
}

// escMask sets bit i of dst[w] when src[64*w+i] is a backslash whose escape may stand for
// printable ASCII (escMaskTail), for as many whole 64-byte blocks of src, with the
// escLookAhead bytes after them, as dst has words, and returns how many it set and which of
// them are not zero (bit w for dst[w]).
func escMask(dst []uint64, src []byte) (int, uint64) {
	k := escMaskGeneric(dst[:min(len(dst), 64)], src)
	return k, nonzeroWords(dst[:k])
}

// anyMask sets bit i of dst[w] when src[64*w+i] is one of the bytes c, for as many whole
// 64-byte blocks of src as dst has words, and returns how many it set.
func anyMask(_ *[4]byte, is *[256]bool, dst []uint64, src []byte) int {
	return anyMaskGeneric(is, dst, src)
}
