package analyzer

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/keylint/keylint/scanner/rules"
)

// New returns a keylint analyzer configured by cfg; its flags write to its own copy of cfg.
func New(cfg Config) *analysis.Analyzer {
	c := cfg
	compile := sync.OnceValues(func() (*rules.Set, error) {
		set, err := rules.Compile(rules.Builtin())
		if err != nil {
			return nil, fmt.Errorf("compiling the built-in rules: %w", err)
		}
		return set, nil
	})
	a := &analysis.Analyzer{
		Name: "keylint",
		Doc:  Doc,
		URL:  "https://pkg.go.dev/github.com/keylint/keylint/analyzer",
		Run: func(pass *analysis.Pass) (any, error) {
			if err := c.Validate(); err != nil {
				return nil, err
			}
			set, err := compile()
			if err != nil {
				return nil, err
			}
			run(pass, &c, set)
			return nil, nil
		},
	}
	c.bindFlags(&a.Flags)
	return a
}

// run reports the keys in the constant string expressions of pass's files.
func run(pass *analysis.Pass, cfg *Config, set *rules.Set) {
	prefixes := set.Prefixes()
	for _, f := range pass.Files {
		if !mayHoldKey(pass, f, prefixes) {
			continue
		}
		if tf := pass.Fset.File(f.Pos()); tf != nil {
			w := &walker{pass: pass, cfg: cfg, set: set, prefixes: prefixes, file: f, tokFile: tf}
			w.walk()
		}
	}
}

// mayHoldKey is the cheap first look at a file: does a string literal, or a concatenation the
// type checker folded, contain a key prefix? Only these can bring a key into an expression:
// other constant expressions are names of constants, reported where they are declared, and
// conversions or parentheses around them.
func mayHoldKey(pass *analysis.Pass, f *ast.File, prefixes []string) bool {
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.BasicLit:
			if n.Kind == token.STRING {
				found = containsAny(n.Value, prefixes) || strings.Contains(n.Value, `\`) && constHolds(pass, n, prefixes)
			}
			return false
		case *ast.BinaryExpr:
			if n.Op == token.ADD && constHolds(pass, n, prefixes) {
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

// constHolds reports whether e is a constant string holding one of subs.
func constHolds(pass *analysis.Pass, e ast.Expr, subs []string) bool {
	tv, ok := pass.TypesInfo.Types[e]
	return ok && tv.Value != nil && tv.Value.Kind() == constant.String && containsAny(constant.StringVal(tv.Value), subs)
}

func containsAny(s string, subs []string) bool {
	for _, p := range subs {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}
