package analyzer

import (
	"go/ast"
	"go/types"
	"slices"
)

// unusedAfter returns the file's imports whose every use lies inside one of the replaced
// expressions, leaving out those whose paths are in keep (a replacement names them).
func (w *walker) unusedAfter(replaced []ast.Expr, keep map[string]bool) []*ast.ImportSpec {
	if len(replaced) == 0 {
		return nil
	}
	inside, outside := map[*types.PkgName]bool{}, map[*types.PkgName]bool{}
	for c := range w.cur.Preorder((*ast.Ident)(nil)) {
		id := c.Node().(*ast.Ident)
		pn, ok := w.pass.TypesInfo.Uses[id].(*types.PkgName)
		if !ok {
			continue
		}
		if within(id, replaced) {
			inside[pn] = true
		} else {
			outside[pn] = true
		}
	}
	var specs []*ast.ImportSpec
	for _, s := range w.file.Imports {
		pn, ok := w.pass.TypesInfo.Implicits[s].(*types.PkgName)
		if s.Name != nil {
			pn, ok = w.pass.TypesInfo.Defs[s.Name].(*types.PkgName)
		}
		if ok && inside[pn] && !outside[pn] && !keep[pn.Imported().Path()] {
			specs = append(specs, s)
		}
	}
	return specs
}

// within reports whether n lies inside one of es.
func within(n ast.Node, es []ast.Expr) bool {
	return slices.ContainsFunc(es, func(e ast.Expr) bool { return e.Pos() <= n.Pos() && n.End() <= e.End() })
}

// usesAny reports whether e names the package of one of specs.
func (w *walker) usesAny(e ast.Expr, specs []*ast.ImportSpec) bool {
	if len(specs) == 0 {
		return false
	}
	names := map[*types.PkgName]bool{}
	for _, s := range specs {
		if s.Name != nil {
			names[w.pass.TypesInfo.Defs[s.Name].(*types.PkgName)] = true
		} else if pn, ok := w.pass.TypesInfo.Implicits[s].(*types.PkgName); ok {
			names[pn] = true
		}
	}
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if pn, ok := w.pass.TypesInfo.Uses[id].(*types.PkgName); ok && names[pn] {
				found = true
			}
		}
		return !found
	})
	return found
}
