package analyzer

import (
	"go/ast"
	"go/types"
)

// unusedImports returns the imports that only e uses, which replacing e leaves unused.
func (w *walker) unusedImports(e ast.Expr) []*ast.ImportSpec {
	used := map[*types.PkgName]bool{}
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if pn, ok := w.pass.TypesInfo.Uses[id].(*types.PkgName); ok {
				used[pn] = true
			}
		}
		return true
	})
	if len(used) == 0 {
		return nil
	}
	ast.Inspect(w.file, func(n ast.Node) bool {
		if n == e {
			return false
		}
		if id, ok := n.(*ast.Ident); ok {
			if pn, ok := w.pass.TypesInfo.Uses[id].(*types.PkgName); ok {
				delete(used, pn)
			}
		}
		return len(used) > 0
	})
	var specs []*ast.ImportSpec
	for _, s := range w.file.Imports {
		pn, ok := w.pass.TypesInfo.Implicits[s].(*types.PkgName)
		if s.Name != nil {
			pn, ok = w.pass.TypesInfo.Defs[s.Name].(*types.PkgName)
		}
		if ok && used[pn] {
			specs = append(specs, s)
		}
	}
	return specs
}

// dropImport deletes spec's lines, or its whole declaration when it is the only spec there;
// with withOS, it turns the spec into the "os" import instead.
func (w *walker) dropImport(spec *ast.ImportSpec, withOS bool) edit {
	if withOS {
		return edit{w.offset(spec.Pos()), w.offset(spec.End()), `"os"`}
	}
	for _, d := range w.file.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Pos() > spec.Pos() || gd.End() < spec.End() {
			continue
		}
		first, last := specStart(spec), specEnd(spec)
		if len(gd.Specs) == 1 {
			first, last = gd.Pos(), gd.End()
			if gd.Doc != nil {
				first = gd.Doc.Pos()
			}
		}
		to := w.lineEnd(last)
		if to < w.tokFile.Size() {
			to++
		}
		return edit{w.lineStart(first), to, ""}
	}
	return edit{w.offset(spec.Pos()), w.offset(spec.End()), ""}
}
