package driver

import (
	"errors"
	"fmt"
	"go/token"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
)

// diag is a diagnostic with the file set its positions belong to.
type diag struct {
	fset *token.FileSet
	d    analysis.Diagnostic
}

// collect gathers the root actions' diagnostics in position order, each once: a file
// analysed both as its package and as the package's test variant is reported once.
func collect(graph *checker.Graph) ([]diag, error) {
	var diags []diag
	var errs []error
	seen := map[string]bool{}
	for act := range graph.All() {
		if !act.IsRoot {
			continue
		}
		if act.Err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", act.Package.PkgPath, act.Err))
			continue
		}
		for _, d := range act.Diagnostics {
			key := fmt.Sprintf("%s|%s|%s", act.Package.Fset.Position(d.Pos), act.Package.Fset.Position(d.End), d.Message)
			if seen[key] {
				continue
			}
			seen[key] = true
			diags = append(diags, diag{fset: act.Package.Fset, d: d})
		}
	}
	sort.SliceStable(diags, func(i, j int) bool {
		pi, pj := diags[i].fset.Position(diags[i].d.Pos), diags[j].fset.Position(diags[j].d.Pos)
		if pi.Filename != pj.Filename {
			return pi.Filename < pj.Filename
		}
		return pi.Offset < pj.Offset
	})
	return diags, errors.Join(errs...)
}
