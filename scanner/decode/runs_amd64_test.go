package decode

import (
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/cpu"
)

// TestB64MaskKernels checks each vector kernel this processor runs against the
// byte-by-byte mask, on random bytes at every offset within a block.
func TestB64MaskKernels(t *testing.T) {
	n := NewNeedles(testPrefixes)
	r := rand.New(rand.NewPCG(9, 10))
	text := make([]byte, 64*50+63)
	for i := range text {
		text[i] = byte(r.IntN(256))
	}
	kernels := []struct {
		name string
		run  func([]uint64, []byte) int
		ok   bool
	}{
		{"SSE2", b64MaskSSE2, true},
		{"AVX2", b64MaskAVX2, cpu.X86.HasAVX2},
	}
	for _, k := range kernels {
		t.Run(k.name, func(t *testing.T) {
			if !k.ok {
				t.Skip("this processor lacks it")
			}
			for off := range 64 {
				src := text[off:]
				want := make([]uint64, len(src)/64)
				b64MaskGeneric(&n.isB64, want, src)
				got := make([]uint64, len(src)/64)
				if c := k.run(got, src); c != len(got) {
					t.Fatalf("offset %d: %d blocks, want %d", off, c, len(got))
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Fatalf("offset %d: (-generic +%s)\n%s", off, k.name, diff)
				}
			}
		})
	}
}

// TestAnyMaskKernel checks the AVX2 mask of the anchor bytes against the table's, on random
// bytes at every offset within a block.
func TestAnyMaskKernel(t *testing.T) {
	if !cpu.X86.HasAVX2 {
		t.Skip("this processor lacks AVX2")
	}
	n := newNeedles(testPrefixes, false)
	if !n.fewAnchors {
		t.Fatal("the built-in prefixes have more than four anchor bytes")
	}
	r := rand.New(rand.NewPCG(18, 5))
	text := make([]byte, 64*50+63)
	for i := range text {
		text[i] = n.anchorBytes[r.IntN(4)]
		if r.IntN(4) > 0 {
			text[i] = byte(r.IntN(256))
		}
	}
	for off := range 64 {
		src := text[off:]
		want := make([]uint64, len(src)/64)
		anyMaskGeneric(&n.isAnchor, want, src)
		got := make([]uint64, len(src)/64)
		if c := anyMaskAVX2(got, src, &n.anchorBytes); c != len(got) {
			t.Fatalf("offset %d: %d blocks, want %d", off, c, len(got))
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("offset %d: (-generic +AVX2)\n%s", off, diff)
		}
	}
}
