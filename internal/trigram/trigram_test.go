package trigram

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// naive is Index as its documentation says it.
func naive(strs [][3]byte, text []byte) int {
	for i := 0; i+2 < len(text); i++ {
		for _, t := range strs {
			if text[i] == t[0] && text[i+1] == t[1] && text[i+2] == t[2] {
				return i
			}
		}
	}
	return -1
}

func tri(s string) [3]byte { return [3]byte{s[0], s[1], s[2]} }

func TestIndex(t *testing.T) {
	long := strings.Repeat("xp-", 70)
	tests := []struct {
		name string
		strs []string
		text string
		want int
	}{
		{"empty text", []string{"gp-"}, "", -1},
		{"two bytes", []string{"gp-"}, "gp", -1},
		{"at start", []string{"gp-"}, "gp-", 0},
		{"at end", []string{"gp-"}, "abcgp-", 3},
		{"cut at the end", []string{"gp-"}, "abcgp", -1},
		{"second of four", []string{"gp-", "pm-", "pt-", "NKA"}, "p-m-pt-gp-", 4},
		{"fourth of four", []string{"gp-", "pm-", "pt-", "NKA"}, long + "GONKA", len(long) + 2},
		{"third of three", []string{"gp-", "pm-", "pt-"}, long + "pt-", len(long)},
		{"same first bytes", []string{"abc", "abd"}, "ababd", 2},
		{"filtered on the first byte", []string{"abc", "xyz", "ayq"}, long + "xyz", len(long)},
		{"filtered on the middle byte", []string{"abc", "xbz", "qyr"}, long + "ab" + long + "qyr", 2*len(long) + 2},
		{"long miss", []string{"gp-"}, long, -1},
		{"long, near the end", []string{"gp-"}, long + "gp-", len(long)},
		{"long, in the vector part", []string{"gp-"}, long[:40] + "gp-" + long, 40},
		{"long, across a vector's edge", []string{"gp-"}, long[:31] + "gp-" + long, 31},
		{"long, across the next edge", []string{"gp-"}, long[:62] + "gp-" + long, 62},
		{"zero bytes", []string{"\x00\x00\x00"}, strings.Repeat("a", 70) + "\x00\x00\x00", 70},
		{"high bytes", []string{"\xff\x80\xfe"}, strings.Repeat("\xff", 70) + "\x80\xfe", 69},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var strs [][3]byte
			for _, s := range tt.strs {
				strs = append(strs, tri(s))
			}
			s, ok := New(strs)
			if !ok {
				t.Fatal("New refused the strings")
			}
			if got := s.Index([]byte(tt.text)); got != tt.want {
				t.Errorf("Index = %d, want %d", got, tt.want)
			}
			if got := naive(strs, []byte(tt.text)); got != tt.want {
				t.Errorf("naive = %d, want %d (the test is wrong)", got, tt.want)
			}
		})
	}
}

func TestNewRefuses(t *testing.T) {
	if _, ok := New(nil); ok {
		t.Error("New took no strings")
	}
	if _, ok := New(make([][3]byte, Max+1)); ok {
		t.Error("New took more than Max strings")
	}
}

// TestIndexRandom checks Index, whose vector kernel runs on this processor when it has
// one, against naive on texts of few distinct bytes, at every offset within two vectors.
func TestIndexRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 2))
	alpha := []byte("ab-")
	for round := range 4000 {
		strs := make([][3]byte, 1+round%Max)
		for i := range strs {
			for j := range 3 {
				strs[i][j] = alpha[r.IntN(len(alpha))]
			}
		}
		s, ok := New(strs)
		if !ok {
			if few := fewest(strs); few <= 2 {
				t.Fatalf("New refused %q, whose bytes at one offset are %d", strs, few)
			}
			continue
		}
		text := make([]byte, r.IntN(700))
		dense := 2 + r.IntN(30)
		for i := range text {
			text[i] = 'z' // mostly bytes of no string, so that hits are rare and fall anywhere
			if r.IntN(dense) == 0 {
				text[i] = alpha[r.IntN(len(alpha))]
			}
		}
		for off := range min(len(text), 64) {
			if got, want := s.Index(text[off:]), naive(strs, text[off:]); got != want {
				t.Fatalf("strings %q, text %q: Index = %d, want %d", strs, text[off:], got, want)
			}
		}
	}
}

// fewest returns the fewest distinct bytes strs hold at one offset.
func fewest(strs [][3]byte) int {
	few := 4
	for col := range 3 {
		seen := map[byte]bool{}
		for _, t := range strs {
			seen[t[col]] = true
		}
		few = min(few, len(seen))
	}
	return few
}

func FuzzIndex(f *testing.F) {
	f.Add([]byte("gp-pm-"), []byte(strings.Repeat("zz", 40)+"pm-"))
	f.Fuzz(func(t *testing.T, ts, text []byte) {
		var strs [][3]byte
		for i := 0; i+2 < len(ts) && len(strs) < Max; i += 3 {
			strs = append(strs, [3]byte{ts[i], ts[i+1], ts[i+2]})
		}
		s, ok := New(strs)
		if !ok {
			if len(strs) > 0 && fewest(strs) <= 2 {
				t.Fatalf("New refused %q", strs)
			}
			return
		}
		if got, want := s.Index(text), naive(strs, text); got != want {
			t.Fatalf("Index = %d, want %d", got, want)
		}
	})
}

func BenchmarkIndex(b *testing.B) {
	text := []byte(strings.Repeat(".ant-btn-primary{margin-left:-4px} x = a - b; ", 1<<14))
	s, _ := New([][3]byte{tri("gp-"), tri("pm-"), tri("pt-")})
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		s.Index(text)
	}
}
