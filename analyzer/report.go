package analyzer

import (
	"fmt"
	"go/ast"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/keylint/keylint/scanner/rules"
)

// finish works out the fixes of the file's findings, with the import edits they share, and
// reports each finding.
func (w *walker) finish() {
	if len(w.found) == 0 {
		return
	}
	src, err := w.source()
	plans := make([]plan, len(w.found))
	var replaced []ast.Expr
	keep := map[string]bool{}
	addOS := false
	for i, fd := range w.found {
		if err != nil {
			plans[i].why = err.Error()
			continue
		}
		plans[i] = w.plan(fd, src)
		if plans[i].why == "" {
			replaced = append(replaced, fd.e)
			addOS = addOS || plans[i].addOS
			for _, p := range plans[i].paths {
				keep[p] = true
			}
		}
	}
	drop := w.unusedAfter(replaced, keep)
	var imports []edit
	var importErr error
	if addOS || len(drop) > 0 {
		imports, importErr = importEdits(&srcFile{f: w.file, tf: w.tokFile, src: src}, addOS, drop)
	}
	edits := make([][]edit, len(w.found))
	var all []edit
	withImports := false
	for i, fd := range w.found {
		p := &plans[i]
		if p.why != "" {
			continue
		}
		edits[i] = p.edits
		if p.addOS || w.usesAny(fd.e, drop) {
			if importErr != nil {
				p.why = importErr.Error()
				continue
			}
			edits[i] = append(slices.Clone(imports), edits[i]...)
			if !withImports {
				all, withImports = append(all, imports...), true
			}
		}
		all = append(all, p.edits...)
	}
	format, shared := formatEdits(src, all)
	for i, fd := range w.found {
		var fix *analysis.SuggestedFix
		why := plans[i].why
		if why == "" {
			if shared {
				fix = w.suggestion(append(edits[i], format...))
			} else {
				fix, why = w.suggest(src, edits[i])
			}
		}
		w.report(fd, fix, why)
	}
}

// report emits one diagnostic for fd, naming its first fresh key, with the fix or why there is none.
func (w *walker) report(fd finding, fix *analysis.SuggestedFix, why string) {
	first := fd.fresh[0]
	var envs []string
	for _, m := range fd.fresh {
		if env := w.cfg.envFor(m.Rule.ID, m.Rule.EnvVar); !slices.Contains(envs, env) {
			envs = append(envs, env)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "hard-coded %s %s (%s, rule %s)", first.Rule.Description, rules.Redact(first.Key), first.Rule.Provider, first.Rule.ID)
	if n := len(fd.fresh) - 1; n > 0 {
		fmt.Fprintf(&b, " and %d more key%s", n, plural(n))
	}
	fmt.Fprintf(&b, ": read it from the %s environment variable and rotate the key, since it has been in the code",
		strings.Join(envs, " and "))
	d := analysis.Diagnostic{Pos: fd.e.Pos(), End: fd.e.End(), Category: first.Rule.ID}
	if fix != nil {
		d.SuggestedFixes = []analysis.SuggestedFix{*fix}
	} else {
		fmt.Fprintf(&b, " (no automatic fix: %s)", why)
	}
	d.Message = b.String()
	w.pass.Report(d)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
