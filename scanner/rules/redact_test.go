package rules_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/internal/testkey"
	"github.com/keylint/keylint/scanner/rules"
)

func TestRedact(t *testing.T) {
	for _, tc := range []struct{ name, key, want string }{
		{"gonkagate", "gp-Ab3dEFGHIJKLMNOPQRSTU9Z", "gp-Ab3d…9Z"},
		{"management", "gpm-Qw3rABCDEFGHIJKLMNOzz", "gpm-Qw3r…zz"},
		{"short body hidden whole", "gp-short", "gp-…"},
		{"fastgpt", "fastgpt-abcdEFGHIJKLMNOPQRSTUVWXyz", "fastgpt-abcd…yz"},
		{"a body of 7: nothing", "gp-abcdefg", "gp-…"},
		{"a body of 11: nothing", "gp-abcdefghijk", "gp-…"},
		{"a body of 12: a third, not six", "gp-abcdefghijkL", "gp-abc…L"},
		{"a body of 15: five", "gp-abcdefghijklmnO", "gp-abcd…O"},
		{"a body of 17: five", "gp-abcdefghijklmnopQ", "gp-abcd…Q"},
		{"a body of 18: four and two", "gp-abcdefghijklmnopQR", "gp-abcd…QR"},
		{"no dash: the whole is the body", "abcdefghijklmnopqrstuvwxyz", "abcd…yz"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, rules.Redact(tc.key)); diff != "" {
				t.Errorf("Redact(%d bytes) (-want +got):\n%s", len(tc.key), diff)
			}
		})
	}
}

func TestRedactText(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 1))
	a, b := testkey.GonkaGate(r), testkey.FastGPT(r)
	for _, tc := range []struct{ name, text, want string }{
		{"no key", "disable: no rule \"x\"", "disable: no rule \"x\""},
		{"quoted key", `no rule "` + a + `"`, `no rule "` + rules.Redact(a) + `"`},
		{"two keys in a path", "dir/" + a + "/" + b + ".txt", "dir/" + rules.Redact(a) + "/" + rules.Redact(b) + ".txt"},
		{"key before a file extension", "keys/" + a + ".txt", "keys/" + rules.Redact(a) + ".txt"},
		{"key in an e-mail", a + "@example.com", rules.Redact(a) + "@example.com"},
		{"key glued after an underscore", "cfg_" + b + "/x", "cfg_" + rules.Redact(b) + "/x"},
		{"key glued after a dash", "out-" + a + ".json", "out-" + rules.Redact(a) + ".json"},
		{"key glued before an underscore", b + "_backup", rules.Redact(b) + "_backup"},
		{"keys end to end", b + a, rules.Redact(b) + rules.Redact(a)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, rules.RedactMessage(tc.text)); diff != "" {
				t.Errorf("RedactMessage (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRedactBodyShowsAThird checks the rule for every length: nothing of a body under twelve
// characters, and never more than a third of a longer one, nor more than six.
func TestRedactBodyShowsAThird(t *testing.T) {
	for n := range 64 {
		body := strings.Repeat("x", n)
		shown := strings.Count(rules.RedactBody(body), "x")
		switch {
		case n < 12 && shown != 0:
			t.Errorf("a body of %d shows %d characters, want none", n, shown)
		case n >= 12 && (shown > n/3 || shown > 6 || shown == 0):
			t.Errorf("a body of %d shows %d characters, want 1 to min(%d, 6)", n, shown, n/3)
		}
	}
}
