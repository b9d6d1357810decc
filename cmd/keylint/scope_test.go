package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/keylint/keylint/scanner/config"
)

// TestScopeFromLoadedConfig checks that --state's scope is decided by the configuration as
// it was read: it does not read the file again (gone or changed since), and differs for
// different texts and for the defaults.
func TestScopeFromLoadedConfig(t *testing.T) {
	dir := t.TempDir()
	load := func(text string) *config.Config {
		p := filepath.Join(dir, config.FileName)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, err := config.Load(p)
		if err != nil {
			t.Fatal(err)
		}
		return cfg
	}
	var f gitFlags
	a := load("exclude: [\"a/**\"]\n")
	b := load("exclude: [\"b/**\"]\n")
	os.Remove(filepath.Join(dir, config.FileName))
	def, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	scopes := map[string]string{}
	for name, cfg := range map[string]*config.Config{"a": a, "b": b, "defaults": def} {
		s, err := f.scope(cfg)
		if err != nil {
			t.Fatalf("%s: %v (the file was removed after it was read)", name, err)
		}
		if other, ok := scopes[s]; ok {
			t.Errorf("%s and %s share a scope", name, other)
		}
		scopes[s] = name
	}
	again, _ := f.scope(a)
	if scopes[again] != "a" {
		t.Error("the same configuration gave another scope")
	}
}
