package analyzer

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
)

// constSpec returns the const spec and declaration whose value the expression at c is, if it is one.
func constSpec(c inspector.Cursor) (*ast.ValueSpec, *ast.GenDecl, bool) {
	if c.ParentEdgeKind() != edge.ValueSpec_Values {
		return nil, nil, false
	}
	spec, _ := c.Parent().Node().(*ast.ValueSpec)
	gd, _ := c.Parent().Parent().Node().(*ast.GenDecl)
	if spec == nil || gd == nil || gd.Tok != token.CONST {
		return nil, nil, false
	}
	return spec, gd, true
}

// constToVar turns the const spec holding the key into a var initialised with repl. It returns
// the edits, whether they already replace the value, or why the constant must stay a constant.
func (w *walker) constToVar(src []byte, gd *ast.GenDecl, spec *ast.ValueSpec, repl string) ([]edit, bool, string) {
	if len(spec.Names) != 1 {
		return nil, false, "the constant shares its declaration with others; split it first"
	}
	name := spec.Names[0]
	obj, _ := w.pass.TypesInfo.Defs[name].(*types.Const)
	if obj == nil {
		return nil, false, "the constant has no type information"
	}
	if why := w.constUses(obj); why != "" {
		return nil, false, why
	}
	if usesIota(w.pass.TypesInfo, spec.Values[0]) {
		return nil, false, "the constant's value depends on iota"
	}
	if gd.Lparen.IsValid() {
		for i, s := range gd.Specs {
			if s == spec && i+1 < len(gd.Specs) {
				if next := gd.Specs[i+1].(*ast.ValueSpec); len(next.Values) == 0 {
					return nil, false, "the next constant repeats this constant's expression"
				}
			}
		}
	}
	if !gd.Lparen.IsValid() || len(gd.Specs) == 1 {
		at := w.offset(gd.TokPos)
		return []edit{{at, at + len("const"), "var"}}, false, ""
	}
	return w.moveOutOfGroup(src, gd, spec, repl)
}

// moveOutOfGroup deletes spec's lines from its const group and declares it as a var after the group.
func (w *walker) moveOutOfGroup(src []byte, gd *ast.GenDecl, spec *ast.ValueSpec, repl string) ([]edit, bool, string) {
	first, last := spec.Pos(), spec.End()
	if spec.Doc != nil {
		first = spec.Doc.Pos()
	}
	if spec.Comment != nil {
		last = spec.Comment.End()
	}
	from, to := w.lineStart(first), w.lineEnd(last)
	if strings.TrimSpace(string(src[from:w.offset(first)])) != "" || strings.TrimSpace(string(src[w.offset(last):to])) != "" {
		return nil, false, "the constant shares its line with another declaration"
	}
	if to < len(src) {
		to++ // and its newline
	}
	indent := w.indentOf(gd.Pos())
	var b strings.Builder
	b.WriteString("\n\n")
	if spec.Doc != nil {
		for _, c := range spec.Doc.List {
			b.WriteString(indent + c.Text + "\n")
		}
	}
	b.WriteString(indent + "var " + spec.Names[0].Name)
	if spec.Type != nil {
		b.WriteString(" " + string(src[w.offset(spec.Type.Pos()):w.offset(spec.Type.End())]))
	}
	b.WriteString(" = " + repl)
	if spec.Comment != nil {
		for _, c := range spec.Comment.List {
			b.WriteString(" " + c.Text)
		}
	}
	end := w.offset(gd.End())
	return []edit{{from, to, ""}, {end, end, b.String()}}, true, ""
}

// constUses says why obj cannot become a variable: it is used in a constant expression,
// it is exported from an importable package, or it is a local constant nobody uses.
func (w *walker) constUses(obj *types.Const) string {
	local := obj.Parent() != w.pass.Pkg.Scope()
	if !local && obj.Exported() && w.pass.Pkg.Name() != "main" && !strings.HasSuffix(w.tokFile.Name(), "_test.go") {
		return fmt.Sprintf("%s is exported, and other packages may use it as a constant; unexport it or move the key out by hand", obj.Name())
	}
	uses := 0
	why := ""
	for c := range w.root.Preorder((*ast.Ident)(nil)) {
		id := c.Node().(*ast.Ident)
		if w.pass.TypesInfo.Uses[id] != obj {
			continue
		}
		uses++
		at := w.pass.Fset.Position(id.Pos())
		if w.inConstantExpr(c) {
			why = fmt.Sprintf("%s is used in a constant expression at %s, so it must stay a constant", obj.Name(), at)
		} else if t := w.pass.TypesInfo.TypeOf(id); isUntyped(obj.Type()) && t != nil && !types.Identical(t, types.Typ[types.String]) {
			why = fmt.Sprintf("%s is used as a %s at %s, which a string variable cannot be", obj.Name(), t, at)
		}
		if why != "" {
			return why
		}
	}
	if local && uses == 0 {
		why = obj.Name() + " is unused; delete it"
	}
	return why
}

// inConstantExpr reports whether the identifier at c is a constant's value, or sits inside
// a larger constant expression.
func (w *walker) inConstantExpr(c inspector.Cursor) bool {
	if _, ok := c.Parent().Node().(*ast.ValueSpec); ok {
		if gd, ok := c.Parent().Parent().Node().(*ast.GenDecl); ok && gd.Tok == token.CONST {
			return true
		}
	}
	return w.inConstant(c)
}

func usesIota(info *types.Info, e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == "iota" {
			if _, ok := info.Uses[id].(*types.Const); ok && info.Uses[id].Parent() == types.Universe {
				found = true
			}
		}
		return !found
	})
	return found
}

func isUntyped(t types.Type) bool {
	b, ok := t.(*types.Basic)
	return ok && b.Info()&types.IsUntyped != 0
}
