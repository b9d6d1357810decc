package analyzer

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/keylint/keylint/scanner/rules"
)

// walker visits one file's expressions, outermost first, through the pass's inspector.
type walker struct {
	pass    *analysis.Pass
	cfg     *Config
	fc      *fileConfig
	set     *rules.Set
	root    inspector.Cursor // the package's files
	cur     inspector.Cursor // this file
	file    *ast.File
	tokFile *token.File
	found   []finding
	allowed map[int]bool // lines with a suppression comment; built on first need
	src     []byte       // the file's bytes; read on first need
	srcErr  error
}

// finding is a constant string expression holding keys that nothing silences.
type finding struct {
	cur   inspector.Cursor
	e     ast.Expr
	tv    types.TypeAndValue
	value string
	all   []rules.Match // every key in value, for the replacement
	fresh []rules.Match // the keys not already held by named constants, for the report
}

// walk collects the file's findings; report then fixes and reports them.
func (w *walker) walk() {
	w.cur.Inspect(nil, func(c inspector.Cursor) bool {
		e, ok := c.Node().(ast.Expr)
		if !ok {
			return true
		}
		if tv, ok := w.pass.TypesInfo.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
			return w.visitString(c, e, tv)
		}
		return true
	})
}

// visitString checks the constant string expression e and reports whether to look inside it.
func (w *walker) visitString(c inspector.Cursor, e ast.Expr, tv types.TypeAndValue) bool {
	if isRef(e) {
		return false // a named constant: reported where it is declared
	}
	value := constant.StringVal(tv.Value)
	if !w.set.ContainsPrefix(value) {
		return false
	}
	matches := w.set.Find([]byte(value))
	if len(matches) == 0 {
		return true // a piece may hold a key that the whole runs on past
	}
	fromRefs := w.refKeys(e)
	fresh := matches[:0:0]
	for _, m := range matches {
		if !fromRefs[m.Key] && !w.fc.allowed(m.Rule.ID, w.tokFile.Name(), m.Key) {
			fresh = append(fresh, m)
		}
	}
	if len(fresh) == 0 {
		return true
	}
	if !w.suppressed(e) {
		w.found = append(w.found, finding{cur: c, e: e, tv: tv, value: value, all: matches, fresh: fresh})
	}
	return false
}

// isRef reports whether e only names a constant (x, pkg.X, or either in parentheses).
func isRef(e ast.Expr) bool {
	switch ast.Unparen(e).(type) {
	case *ast.Ident, *ast.SelectorExpr:
		return true
	}
	return false
}

// refKeys returns the keys already held by the named constants e refers to.
func (w *walker) refKeys(e ast.Expr) map[string]bool {
	keys := map[string]bool{}
	ast.Inspect(e, func(n ast.Node) bool {
		x, ok := n.(ast.Expr)
		if !ok || !isRef(x) {
			return true
		}
		if tv, ok := w.pass.TypesInfo.Types[x]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
			for _, m := range w.set.Find([]byte(constant.StringVal(tv.Value))) {
				keys[m.Key] = true
			}
		}
		return false
	})
	return keys
}

// inConstant reports whether the expression at c sits inside a larger constant expression.
func (w *walker) inConstant(c inspector.Cursor) bool {
	for p := c.Parent(); p.Valid(); p = p.Parent() {
		e, ok := p.Node().(ast.Expr)
		if !ok {
			return false
		}
		if tv, ok := w.pass.TypesInfo.Types[e]; ok && tv.Value != nil {
			return true
		}
	}
	return false
}
