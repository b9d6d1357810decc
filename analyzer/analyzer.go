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
	files := candidateFiles(pass, prefixes)
	if len(files) == 0 {
		return
	}
	for _, f := range pass.Files {
		if tf := pass.Fset.File(f.Pos()); tf != nil && files[tf] {
			w := &walker{pass: pass, cfg: cfg, set: set, prefixes: prefixes, file: f, tokFile: tf}
			w.walk()
		}
	}
}

// candidateFiles returns the files holding a string constant that contains a key prefix:
// one pass over the type checker's constants, so that most packages cost a map walk.
func candidateFiles(pass *analysis.Pass, prefixes []string) map[*token.File]bool {
	var files map[*token.File]bool
	for e, tv := range pass.TypesInfo.Types {
		if tv.Value == nil || tv.Value.Kind() != constant.String {
			continue
		}
		if _, ok := e.(*ast.BasicLit); !ok {
			// Folded expressions hold no prefix their pieces lack, except where the
			// prefix itself is split, so look at them too, but only when cheap.
			if !isFolded(e) {
				continue
			}
		}
		if containsAny(constant.StringVal(tv.Value), prefixes) {
			if files == nil {
				files = map[*token.File]bool{}
			}
			files[pass.Fset.File(e.Pos())] = true
		}
	}
	return files
}

// isFolded reports whether e combines constants: a concatenation, conversion or parenthesis.
func isFolded(e ast.Expr) bool {
	switch e.(type) {
	case *ast.BinaryExpr, *ast.CallExpr, *ast.ParenExpr:
		return true
	}
	return false
}

func containsAny(s string, subs []string) bool {
	for _, p := range subs {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}
