package main

import (
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"keylint": func() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the CLI scripts in testdata/script against the real binary.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:   "testdata/script",
		Setup: setupKeys,
		Cmds:  map[string]func(ts *testscript.TestScript, neg bool, args []string){"subst": substKeys},
	})
}

// testKeys are made fresh for every script, so that no key is committed.
var testKeyNames = []string{"GPKEY", "GPMKEY", "FASTKEY"}

func setupKeys(e *testscript.Env) error {
	r := rand.New(rand.NewPCG(rand.Uint64(), 1))
	gen := func(prefix string, n int, firstLower bool) string {
		const b62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
		var b strings.Builder
		b.WriteString(prefix)
		for i := range n {
			if i == 0 && firstLower {
				b.WriteByte("abcdefghijklmnopqrstuvwxyz"[r.IntN(26)])
				continue
			}
			b.WriteByte(b62[r.IntN(len(b62))])
		}
		return b.String()
	}
	e.Setenv("GPKEY", gen("gp-Q7", 38, false))
	e.Setenv("GPMKEY", gen("gpm-Z3", 38, false))
	e.Setenv("FASTKEY", gen("fastgpt-", 56, true))
	e.Setenv("NO_COLOR", "1")
	return nil
}

// substKeys replaces $GPKEY, $GPMKEY and $FASTKEY in the named files with the script's keys.
func substKeys(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! subst")
	}
	for _, name := range args {
		data := ts.ReadFile(name)
		for _, k := range testKeyNames {
			data = strings.ReplaceAll(data, "$"+k, ts.Getenv(k))
		}
		if err := os.WriteFile(ts.MkAbs(name), []byte(data), 0o644); err != nil {
			ts.Fatalf("subst: %v", err)
		}
	}
}
