package analyzer

import (
	"go/ast"
	"strings"
)

// suppressed reports whether a line e starts or ends on carries //keylint:allow or //nolint:keylint.
func (w *walker) suppressed(e ast.Expr) bool {
	if w.allowed == nil {
		w.allowed = map[int]bool{}
		for _, g := range w.file.Comments {
			for _, c := range g.List {
				if allows(c.Text) {
					w.allowed[w.tokFile.Line(c.Pos())] = true
				}
			}
		}
	}
	return w.allowed[w.tokFile.Line(e.Pos())] || w.allowed[w.tokFile.Line(e.End())]
}

// allows reports whether comment text is a keylint:allow or a nolint directive naming keylint (or all).
func allows(text string) bool {
	t, ok := strings.CutPrefix(text, "//")
	if !ok {
		return false
	}
	if rest, ok := strings.CutPrefix(strings.TrimSpace(t), "keylint:allow"); ok {
		return rest == "" || rest[0] == ' ' || rest[0] == '\t'
	}
	rest, ok := strings.CutPrefix(t, "nolint")
	if !ok {
		return false
	}
	if rest == "" || rest[0] == ' ' || rest[0] == '\t' {
		return true // a bare //nolint silences every linter
	}
	list, ok := strings.CutPrefix(rest, ":")
	if !ok {
		return false
	}
	list, _, _ = strings.Cut(list, " ")
	for _, name := range strings.Split(list, ",") {
		if name == "keylint" || name == "all" {
			return true
		}
	}
	return false
}
