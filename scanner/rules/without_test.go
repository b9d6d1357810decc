package rules_test

import (
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/internal/testkey"
	"github.com/keylint/keylint/scanner/rules"
)

func TestWithout(t *testing.T) {
	all, err := rules.Compile(rules.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(17, 4))
	text := []byte("a " + testkey.GonkaGate(r) + " b " + testkey.FastGPT(r) + "\n")
	for _, tc := range []struct {
		name string
		drop map[string]bool
		want []string
	}{
		{name: "nothing dropped", drop: nil, want: []string{"gonkagate-api-key", "fastgpt-api-key"}},
		{name: "one dropped", drop: map[string]bool{"fastgpt-api-key": true}, want: []string{"gonkagate-api-key"}},
		{name: "an unknown id changes nothing", drop: map[string]bool{"public-env-key": true}, want: []string{"gonkagate-api-key", "fastgpt-api-key"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := all.Without(tc.drop)
			var got []string
			for _, m := range s.Find(text) {
				got = append(got, m.Rule.ID)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("found (-want +got):\n%s", diff)
			}
			if len(all.Find(text)) != 2 {
				t.Error("Without changed the set it was called on")
			}
		})
	}
}
