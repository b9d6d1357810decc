package rules

import (
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/keylint/keylint/internal/testkey"
)

// TestEndingsFindWhatDashesFind checks that looking only at the '-' that end one of the
// prefixes' last three bytes finds the same keys as looking at every '-', on texts dense
// with prefixes, their pieces, keys written end to end and dashes.
func TestEndingsFindWhatDashesFind(t *testing.T) {
	// Built-in prefixes end "gp-", "pm-", "pt-"; the second set adds a fourth, "_y-".
	for _, extra := range [][]string{nil, {"mygpt", "x_y"}} {
		s, err := Compile(Builtin(extra...))
		if err != nil {
			t.Fatal(err)
		}
		if s.dashes == nil {
			t.Fatal("the prefixes are searched without their endings")
		}
		plain := *s
		plain.dashes = nil
		r := rand.New(rand.NewPCG(18, 18))
		found := 0
		pieces := []string{"gp-", "gpm-", "fastgpt-", "mygpt-", "x_y-", "-", "--", "p-", "t-", "m-", " ", "\n", "g", "fast"}
		for round := range 2000 {
			var text []byte
			for range 1 + r.IntN(30) {
				switch r.IntN(3) {
				case 0:
					text = append(text, pieces[r.IntN(len(pieces))]...)
				case 1:
					text = append(text, testkey.From(r, AlphaNum, 1+r.IntN(70))...)
				default:
					text = append(text, testkey.From(r, "-pmt", 1+r.IntN(4))...)
				}
			}
			for _, prev := range []int{-1, 0, len(text) / 2} {
				want := plain.find(text, prev, round%2 == 0)
				got := s.find(text, prev, round%2 == 0)
				found += len(got)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Fatalf("round %d: (-every dash +endings)\n%s", round, diff)
				}
			}
		}
		if found < 500 {
			t.Errorf("%d keys found in all: the texts test too little", found)
		}
	}
	// With more endings than a trigram set holds, or a prefix of two bytes, every '-' is looked at.
	s, err := Compile(Builtin("xa", "xb", "xc"))
	if err != nil {
		t.Fatal(err)
	}
	if s.dashes != nil {
		t.Error("endings searched for six of them")
	}
	two := Builtin()
	two[0].Prefixes = append(two[0].Prefixes, "q-")
	if s, err = Compile(two); err != nil {
		t.Fatal(err)
	}
	if s.dashes != nil {
		t.Error("endings searched for with a prefix of two bytes")
	}
}

// BenchmarkFindCode measures Find on code, looking at every '-' or at the prefixes. endings only:
// KEYLINT_BENCH_CODE names a file of it (a bundle); without it, a synthetic text stands in.
func BenchmarkFindCode(b *testing.B) {
	text := benchCode(b)
	s, err := Compile(Builtin())
	if err != nil {
		b.Fatal(err)
	}
	plain := *s
	plain.dashes = nil
	for _, c := range []struct {
		name string
		s    *Set
	}{{"endings", s}, {"every-dash", &plain}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				c.s.Find(text)
			}
		})
	}
}
