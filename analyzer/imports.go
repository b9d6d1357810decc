package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// importName returns the name this file imports path under ("" for a dot import).
func (w *walker) importName(path string) (string, bool) {
	for _, s := range w.file.Imports {
		p, err := strconv.Unquote(s.Path.Value)
		if err != nil || p != path {
			continue
		}
		switch {
		case s.Name == nil:
			if path == "os" {
				return "os", true
			}
			if pn, ok := w.pass.TypesInfo.Implicits[s].(*types.PkgName); ok {
				return pn.Name(), true
			}
		case s.Name.Name == "_":
		case s.Name.Name == ".":
			return "", true
		default:
			return s.Name.Name, true
		}
	}
	return "", false
}

// osImport returns the qualifier for os.Getenv at pos ("os.", the file's alias, or "" for a dot
// import), with the edits that import "os" when the file lacks it, or why that cannot be done.
func (w *walker) osImport(pos token.Pos) (string, []edit, string) {
	scope := w.pass.Pkg.Scope().Innermost(pos)
	if scope == nil {
		scope = w.pass.TypesInfo.Scopes[w.file]
	}
	if name, ok := w.importName("os"); ok {
		if name == "" {
			if _, obj := scope.LookupParent("Getenv", pos); obj != nil && obj.Pkg() != nil && obj.Pkg().Path() == "os" {
				return "", nil, ""
			}
			return "", nil, "os is dot-imported and Getenv is shadowed here"
		}
		if _, obj := scope.LookupParent(name, pos); isOS(obj) {
			return name + ".", nil, ""
		}
		return "", nil, "the name " + name + " of the os import is shadowed here"
	}
	if _, obj := scope.LookupParent("os", pos); obj != nil {
		return "", nil, "the name os is already taken in this file, so os cannot be imported"
	}
	return "os.", []edit{w.addOSImport()}, ""
}

func isOS(obj types.Object) bool {
	pn, ok := obj.(*types.PkgName)
	return ok && pn.Imported().Path() == "os"
}

// addOSImport inserts "os" into the standard-library group of the first import block, turns a
// lone single import into a block, else adds an import declaration after the last one, or after
// the package clause.
func (w *walker) addOSImport() edit {
	var last *ast.GenDecl
	decls := 0
	for _, d := range w.file.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		last, decls = gd, decls+1
		if gd.Lparen.IsValid() && len(gd.Specs) > 0 && !importsC(gd) {
			return w.insertIntoBlock(gd)
		}
	}
	if decls == 1 && len(last.Specs) == 1 && !importsC(last) {
		return w.makeBlock(last.Specs[0].(*ast.ImportSpec))
	}
	if last != nil {
		return edit{w.lineEnd(last.End()), w.lineEnd(last.End()), "\nimport \"os\""}
	}
	at := w.lineEnd(w.file.Name.End())
	return edit{at, at, "\n\nimport \"os\""}
}

// makeBlock turns the file's one single-spec import declaration into a block that adds "os".
func (w *walker) makeBlock(spec *ast.ImportSpec) edit {
	src, _ := w.source()
	text := string(src[w.offset(spec.Pos()):w.offset(spec.End())])
	p, _ := strconv.Unquote(spec.Path.Value)
	var block string
	switch {
	case !allStd([]*ast.ImportSpec{spec}):
		block = "(\n\t\"os\"\n\n\t" + text + "\n)"
	case p < "os":
		block = "(\n\t" + text + "\n\t\"os\"\n)"
	default:
		block = "(\n\t\"os\"\n\t" + text + "\n)"
	}
	return edit{w.offset(spec.Pos()), w.offset(spec.End()), block}
}

func importsC(gd *ast.GenDecl) bool {
	for _, s := range gd.Specs {
		if s.(*ast.ImportSpec).Path.Value == `"C"` {
			return true
		}
	}
	return false
}

// insertIntoBlock places "os" in sorted position within the block's first all-standard-library
// group (a run of lines without a blank line), or as a new group at the top.
func (w *walker) insertIntoBlock(gd *ast.GenDecl) edit {
	groups := w.importGroups(gd)
	for _, g := range groups {
		if !allStd(g) {
			continue
		}
		for _, s := range g {
			if p, _ := strconv.Unquote(s.Path.Value); p > "os" {
				at := w.lineStart(specStart(s))
				return edit{at, at, w.indentOf(specStart(s)) + "\"os\"\n"}
			}
		}
		s := g[len(g)-1]
		at := w.lineEnd(specEnd(s))
		return edit{at, at, "\n" + w.indentOf(specStart(s)) + "\"os\""}
	}
	s := groups[0][0]
	at := w.lineStart(specStart(s))
	return edit{at, at, w.indentOf(specStart(s)) + "\"os\"\n\n"}
}

// importGroups splits a block's specs where a blank line separates them, as gofmt's sort does.
func (w *walker) importGroups(gd *ast.GenDecl) [][]*ast.ImportSpec {
	var groups [][]*ast.ImportSpec
	prevEnd := -1
	for _, s := range gd.Specs {
		is := s.(*ast.ImportSpec)
		if start := w.tokFile.Line(specStart(is)); prevEnd < 0 || start > prevEnd+1 {
			groups = append(groups, nil)
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], is)
		prevEnd = w.tokFile.Line(specEnd(is))
	}
	return groups
}

func allStd(g []*ast.ImportSpec) bool {
	for _, s := range g {
		p, _ := strconv.Unquote(s.Path.Value)
		first, _, _ := strings.Cut(p, "/")
		if strings.Contains(first, ".") {
			return false
		}
	}
	return true
}

func specStart(s *ast.ImportSpec) token.Pos {
	if s.Doc != nil {
		return s.Doc.Pos()
	}
	return s.Pos()
}

func specEnd(s *ast.ImportSpec) token.Pos {
	if s.Comment != nil {
		return s.Comment.End()
	}
	return s.End()
}

// lineStart and lineEnd return the offsets of the start and of the newline of p's line.
func (w *walker) lineStart(p token.Pos) int {
	return w.offset(w.tokFile.LineStart(w.tokFile.Line(p)))
}

func (w *walker) lineEnd(p token.Pos) int {
	line := w.tokFile.Line(p)
	if line == w.tokFile.LineCount() {
		return w.tokFile.Size()
	}
	return w.offset(w.tokFile.LineStart(line+1)) - 1
}

// indentOf returns the whitespace before p on its line.
func (w *walker) indentOf(p token.Pos) string {
	src, err := w.source()
	if err != nil {
		return "\t"
	}
	s := src[w.lineStart(p):w.offset(p)]
	if strings.TrimLeft(string(s), " \t") != "" {
		return "\t"
	}
	return string(s)
}
