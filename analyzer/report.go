package analyzer

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/keylint/keylint/scanner/rules"
)

// report emits one diagnostic for e, naming its first fresh key, with the fix or why there is none.
func (w *walker) report(e ast.Expr, tv types.TypeAndValue, value string, all, fresh []rules.Match) {
	first := fresh[0]
	var envs []string
	for _, m := range fresh {
		if env := w.cfg.envFor(m.Rule.ID, m.Rule.EnvVar); !slices.Contains(envs, env) {
			envs = append(envs, env)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "hard-coded %s %s (%s, rule %s)", first.Rule.Description, rules.Redact(first.Key), first.Rule.Provider, first.Rule.ID)
	if n := len(fresh) - 1; n > 0 {
		fmt.Fprintf(&b, " and %d more key%s", n, plural(n))
	}
	fmt.Fprintf(&b, ": read it from the %s environment variable and rotate the key, since it has been in the code",
		strings.Join(envs, " and "))
	d := analysis.Diagnostic{Pos: e.Pos(), End: e.End(), Category: first.Rule.ID}
	fix, why := w.fix(e, tv, value, all)
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
