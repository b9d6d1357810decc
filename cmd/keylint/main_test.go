package main

import (
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/keylint/keylint/internal/testkey"
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
var testKeyNames = []string{"GPKEY", "GPMKEY", "FASTKEY", "ACMEKEY"}

func setupKeys(e *testscript.Env) error {
	r := rand.New(rand.NewPCG(rand.Uint64(), 1))
	e.Setenv("GPKEY", "gp-Q7"+testkey.Body(r, 38))
	e.Setenv("GPMKEY", "gpm-Z3"+testkey.Body(r, 38))
	e.Setenv("FASTKEY", testkey.FastGPT(r))
	e.Setenv("ACMEKEY", "acme-Q7"+testkey.Body(r, 38)) // for a custom rule with prefix acme-
	e.Setenv("NO_COLOR", "1")
	return nil
}

// substKeys replaces $GPKEY, $GPMKEY, $FASTKEY and $ACMEKEY in the named files with the script's keys.
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
