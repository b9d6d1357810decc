package runes

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// naive counts the bytes that do not continue a UTF-8 sequence, one by one.
func naive(b []byte) int {
	n := 0
	for _, c := range b {
		if c&0xC0 != 0x80 {
			n++
		}
	}
	return n
}

func TestCount(t *testing.T) {
	tests := []struct {
		name string
		text string
		want int
	}{
		{"empty", "", 0},
		{"ascii", "hello", 5},
		{"two-byte", "héllo", 5},
		{"four-byte", "a😀b", 3},
		{"long ascii", strings.Repeat("x", 200), 200},
		{"long mixed", strings.Repeat("é😀x", 50), 150},
		{"a lone continuation byte", "\x80abc", 3},
		{"every byte", func() string {
			var b []byte
			for c := range 256 {
				b = append(b, byte(c))
			}
			return string(b)
		}(), 256 - 64},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Count([]byte(tt.text)); got != tt.want {
				t.Errorf("Count = %d, want %d", got, tt.want)
			}
			if utf8.ValidString(tt.text) && utf8.RuneCountInString(tt.text) != tt.want {
				t.Errorf("RuneCount = %d, want %d (the test is wrong)", utf8.RuneCountInString(tt.text), tt.want)
			}
		})
	}
}

// TestCountRandom checks Count, whose vector kernel runs on this processor when it has one,
// against naive on random bytes at every length and offset up to a few vectors.
func TestCountRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 4))
	b := make([]byte, 400)
	for i := range b {
		b[i] = byte(r.IntN(256))
	}
	for off := range 64 {
		for end := off; end <= len(b); end++ {
			if got, want := Count(b[off:end]), naive(b[off:end]); got != want {
				t.Fatalf("b[%d:%d]: Count = %d, want %d", off, end, got, want)
			}
		}
	}
}

func FuzzCount(f *testing.F) {
	f.Add([]byte(strings.Repeat("é😀x", 30)))
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := Count(b), naive(b); got != want {
			t.Fatalf("Count = %d, want %d", got, want)
		}
	})
}

func BenchmarkCount(b *testing.B) {
	text := []byte(strings.Repeat("const x = 'héllo'; ", 1<<15))
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Count(text)
	}
}
