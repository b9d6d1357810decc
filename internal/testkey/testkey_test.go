package testkey_test

import (
	"math/rand/v2"
	"testing"

	"github.com/keylint/keylint/internal/testkey"
	"github.com/keylint/keylint/scanner/rules"
)

func TestKeysAreRecognised(t *testing.T) {
	set, err := rules.Compile(rules.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		for _, k := range []string{testkey.GonkaGate(r), testkey.FastGPT(r), testkey.GonkaGate(nil)} {
			if got := set.Find([]byte(k)); len(got) != 1 || got[0].Key != k {
				t.Fatalf("a %d-character key not recognised: %s", len(k), set.Explain(k)[0].Why)
			}
		}
	}
}
