package analyzer

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/keylint/keylint/scanner/rules"
)

// walker visits one file's expressions, outermost first, keeping the path from the file down.
type walker struct {
	pass     *analysis.Pass
	cfg      *Config
	set      *rules.Set
	prefixes []string
	file     *ast.File
	tokFile  *token.File
	stack    []ast.Node
	allowed  map[int]bool // lines with a suppression comment; built on first need
	src      []byte       // the file's bytes; read on first need
	srcErr   error
}

func (w *walker) walk() {
	ast.Inspect(w.file, func(n ast.Node) bool {
		if n == nil {
			w.stack = w.stack[:len(w.stack)-1]
			return true
		}
		if e, ok := n.(ast.Expr); ok {
			if tv, ok := w.pass.TypesInfo.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
				if !w.visitString(e, tv) {
					return false
				}
			}
		}
		w.stack = append(w.stack, n)
		return true
	})
}

// visitString checks the constant string expression e and reports whether to look inside it.
func (w *walker) visitString(e ast.Expr, tv types.TypeAndValue) bool {
	if isRef(e) {
		return false // a named constant: reported where it is declared
	}
	value := constant.StringVal(tv.Value)
	if !containsAny(value, w.prefixes) {
		return false
	}
	matches := w.set.Find([]byte(value))
	if len(matches) == 0 {
		return true // a piece may hold a key that the whole runs on past
	}
	fromRefs := w.refKeys(e)
	fresh := matches[:0:0]
	for _, m := range matches {
		if !fromRefs[m.Key] {
			fresh = append(fresh, m)
		}
	}
	if len(fresh) == 0 {
		return true
	}
	if !w.suppressed(e) {
		w.report(e, tv, value, matches, fresh)
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

// inConstant reports whether the node being visited sits inside a larger constant expression.
func (w *walker) inConstant() bool {
	for i := len(w.stack) - 1; i >= 0; i-- {
		e, ok := w.stack[i].(ast.Expr)
		if !ok {
			return false
		}
		if tv, ok := w.pass.TypesInfo.Types[e]; ok && tv.Value != nil {
			return true
		}
	}
	return false
}
