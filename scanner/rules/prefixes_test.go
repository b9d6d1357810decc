package rules_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/keylint/keylint/scanner/rules"
)

// TestManyPrefixes checks that thousands of fastgpt-prefixes find what a handful do,
// longest prefix first, and that the cost of a '-' does not grow with their number.
func TestManyPrefixes(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	extra := []string{"astgpt", "xfastgpt", "gpt", "mygpt"} // overlap fastgpt- and each other
	seen := map[string]bool{"astgpt": true, "xfastgpt": true, "gpt": true, "mygpt": true}
	for len(extra) < 5000 {
		if p := randStr(r, lower, 3+r.IntN(10)) + "gpt"; !seen[p] {
			seen[p] = true
			extra = append(extra, p)
		}
	}
	many, err := rules.Compile(rules.Builtin(extra...))
	if err != nil {
		t.Fatal(err)
	}
	body := "k" + randStr(r, b62, 55)
	for _, tc := range []struct {
		name, text, want string
	}{
		{"the built-in prefix wins over a shorter configured one", "x = fastgpt-" + body, "fastgpt-" + body},
		{"a longer configured prefix wins over the built-in", "x = xfastgpt-" + body, "xfastgpt-" + body},
		{"a short configured prefix", "x = gpt-" + body, "gpt-" + body},
		{"a prefix from the middle of the list", "x = " + extra[2500] + "-" + body, extra[2500] + "-" + body},
		{"the last prefix", "x = " + extra[len(extra)-1] + "-" + body, extra[len(extra)-1] + "-" + body},
		{"an unknown prefix", "x = zzzzzzzzzzzzzzzqq-" + body, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got string
			if ms := many.Find([]byte(tc.text)); len(ms) == 1 {
				got = ms[0].Key
			} else if len(ms) > 1 {
				t.Fatalf("%d matches", len(ms))
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("key (-want +got):\n%s", diff)
			}
		})
	}

	// Text with a '-' every few bytes, each after a letter that ends a configured prefix:
	// with a comparison per prefix this took 850 times as long as with three prefixes (21 s).
	text := []byte{}
	for len(text) < 1<<20 {
		text = append(text, "a-t-b-gpt-x "...)
	}
	few := mustBuiltin(t)
	timeFind := func(s *rules.Set) time.Duration {
		best := time.Hour
		for range 3 {
			start := time.Now()
			s.Find(text)
			best = min(best, time.Since(start))
		}
		return best
	}
	tFew, tMany := timeFind(few), timeFind(many)
	t.Logf("1 MiB of dashes: %s with 3 prefixes, %s with %d", tFew, tMany, len(extra)+3)
	if tMany > 100*tFew+100*time.Millisecond {
		t.Errorf("Find with %d prefixes took %s, %s with 3: lookup grows with the number of prefixes", len(extra)+3, tMany, tFew)
	}
}

func TestContainsPrefix(t *testing.T) {
	many, err := rules.Compile(rules.Builtin("astgpt", "xfastgpt", "gpt", "a1gpt", "a2gpt", "a3gpt", "a4gpt", "a5gpt", "a6gpt", "a7gpt", "a8gpt", "a9gpt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []*rules.Set{mustBuiltin(t), many} {
		for _, tc := range []struct {
			text string
			want bool
		}{
			{`"gp-abc"`, true}, {"x fastgpt-", true}, {"gpm-", true}, {"gp", false}, {"-gp-", true}, {"g-p-", false}, {"", false}, {"-", false},
		} {
			if got := s.ContainsPrefix(tc.text); got != tc.want {
				t.Errorf("%d prefixes: ContainsPrefix(%q) = %v, want %v", len(s.Prefixes()), tc.text, got, tc.want)
			}
		}
	}
	if !many.ContainsPrefix("k = a7gpt-") || many.ContainsPrefix("k = a0gpt_") {
		t.Error("configured prefixes: wrong answer")
	}
}
