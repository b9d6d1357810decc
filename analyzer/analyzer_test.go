package analyzer_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/keylint/keylint/analyzer"
)

// pkgs are the testdata packages; each file's // want comments list its reports.
var pkgs = []string{"basic", "noimports", "singleimport", "hasos", "aliased", "shadow", "consts", "crosspkg", "withtests"}

// fixed are the packages with suggested fixes, each file with a .golden file.
var fixed = []string{"basic", "noimports", "singleimport", "hasos", "aliased", "consts", "crosspkg", "withtests"}

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), analyzer.New(analyzer.Config{}), pkgs...)
}

func TestSuggestedFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), analyzer.New(analyzer.Config{}), fixed...)
}
