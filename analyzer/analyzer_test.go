package analyzer_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/keylint/keylint/analyzer"
)

// pkgs are the testdata packages; each file's // want comments list its reports.
var pkgs = []string{"combined", "basic", "noimports", "singleimport", "hasos", "aliased", "shadow", "consts", "crosspkg", "withtests"}

// fixed are the packages with suggested fixes, each file with a .golden file.
var fixed = []string{"combined", "basic", "noimports", "singleimport", "hasos", "aliased", "consts", "crosspkg", "withtests"}

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), analyzer.New(testConfig), pkgs...)
}

func TestSuggestedFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), analyzer.New(testConfig), fixed...)
}

// testConfig reads testdata/keylint.yaml, which has no rules of its own: the repository's
// .keylint.yaml, which the analyzer would find otherwise, excludes testdata.
var testConfig = analyzer.Config{Config: "testdata/keylint.yaml"}

// TestKeylintYAML runs the analyzer with a configuration that disables a built-in rule, adds
// a custom rule and a FastGPT prefix, and allows one finding by its fingerprint.
func TestKeylintYAML(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), analyzer.New(analyzer.Config{Config: "testdata/configured.keylint.yaml"}), "configured")
}
