package analyzer

import (
	"go/ast"
	"go/constant"
	"go/token"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/keylint/keylint/scanner/rules"
)

// New returns a keylint analyzer configured by cfg; its flags write to its own copy of cfg.
// The analyzer reads the .keylint.yaml that cfg.Config names, or else the one at each package's
// module root or work tree root, compiling each file once for the analyzer's life.
func New(cfg Config) *analysis.Analyzer {
	c := cfg
	cs := newConfigs()
	a := &analysis.Analyzer{
		Name:     "keylint",
		Doc:      Doc(),
		URL:      "https://pkg.go.dev/github.com/keylint/keylint/analyzer",
		Requires: []*analysis.Analyzer{inspect.Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			if err := c.Validate(); err != nil {
				return nil, err
			}
			if len(pass.Files) == 0 {
				return nil, nil
			}
			dir := filepath.Dir(pass.Fset.File(pass.Files[0].Pos()).Name())
			fc, err := cs.forDir(c.Config, dir)
			if err != nil {
				return nil, err
			}
			run(pass, &c, fc)
			return nil, nil
		},
	}
	c.bindFlags(&a.Flags)
	return a
}

// run reports the keys in the constant string expressions of pass's files.
func run(pass *analysis.Pass, cfg *Config, fc *fileConfig) {
	set := fc.conf.Rules()
	root := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector).Root()
	for c := range root.Children() {
		f, ok := c.Node().(*ast.File)
		if !ok || !mayHoldKey(pass, f, set) {
			continue
		}
		tf := pass.Fset.File(f.Pos())
		if tf == nil || fc.root != "" && fc.conf.Skip(fc.rel(tf.Name()), false) {
			continue
		}
		w := &walker{pass: pass, cfg: cfg, fc: fc, set: set, root: root, cur: c, file: f, tokFile: tf}
		w.walk()
		w.finish()
	}
}

// mayHoldKey is the cheap first look at a file: does a string literal, or a concatenation the
// type checker folded, contain a key prefix? Only these can bring a key into an expression:
// other constant expressions are names of constants, reported where they are declared, and
// conversions or parentheses around them.
func mayHoldKey(pass *analysis.Pass, f *ast.File, set *rules.Set) bool {
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.BasicLit:
			if n.Kind == token.STRING {
				found = set.ContainsPrefix(n.Value) || strings.Contains(n.Value, `\`) && constHolds(pass, n, set)
			}
			return false
		case *ast.BinaryExpr:
			if n.Op == token.ADD && constHolds(pass, n, set) {
				found = true
				return false
			}
		case *ast.ImportSpec:
			return false
		}
		return true
	})
	return found
}

// constHolds reports whether e is a constant string holding one of the set's prefixes.
func constHolds(pass *analysis.Pass, e ast.Expr, set *rules.Set) bool {
	tv, ok := pass.TypesInfo.Types[e]
	return ok && tv.Value != nil && tv.Value.Kind() == constant.String && set.ContainsPrefix(constant.StringVal(tv.Value))
}
