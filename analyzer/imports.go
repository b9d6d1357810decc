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

// osQualifier returns the qualifier for os.Getenv at pos ("os.", the file's alias, or "" for a
// dot import) and whether the file must import "os" for it, or why os.Getenv cannot be named there.
func (w *walker) osQualifier(pos token.Pos) (qual string, add bool, why string) {
	scope := w.pass.Pkg.Scope().Innermost(pos)
	if scope == nil {
		scope = w.pass.TypesInfo.Scopes[w.file]
	}
	if name, ok := w.importName("os"); ok {
		if name == "" {
			if _, obj := scope.LookupParent("Getenv", pos); obj != nil && obj.Pkg() != nil && obj.Pkg().Path() == "os" {
				return "", false, ""
			}
			return "", false, "os is dot-imported and Getenv is shadowed here"
		}
		if _, obj := scope.LookupParent(name, pos); isOS(obj) {
			return name + ".", false, ""
		}
		return "", false, "the name " + name + " of the os import is shadowed here"
	}
	if _, obj := scope.LookupParent("os", pos); obj != nil {
		return "", false, "the name os is already taken in this file, so os cannot be imported"
	}
	return "os.", true, ""
}

func isOS(obj types.Object) bool {
	pn, ok := obj.(*types.PkgName)
	return ok && pn.Imported().Path() == "os"
}

// srcFile is a parsed file with its bytes, for edits in byte offsets.
type srcFile struct {
	f   *ast.File
	tf  *token.File
	src []byte
}

func (s *srcFile) offset(p token.Pos) int { return s.tf.Offset(p) }

// lineStart and lineEnd return the offsets of the start and of the newline of p's line.
func (s *srcFile) lineStart(p token.Pos) int {
	return s.offset(s.tf.LineStart(s.tf.Line(p)))
}

func (s *srcFile) lineEnd(p token.Pos) int {
	line := s.tf.Line(p)
	if line == s.tf.LineCount() {
		return s.tf.Size()
	}
	return s.offset(s.tf.LineStart(line+1)) - 1
}

// indentOf returns the whitespace before p on its line.
func (s *srcFile) indentOf(p token.Pos) string {
	b := s.src[s.lineStart(p):s.offset(p)]
	if strings.TrimLeft(string(b), " \t") != "" {
		return "\t"
	}
	return string(b)
}

// addOSImport inserts "os" into the standard-library group of the first import block, turns a
// lone single import into a block, else adds an import declaration after the last one, or after
// the package clause.
func (s *srcFile) addOSImport() edit {
	var last *ast.GenDecl
	decls := 0
	for _, d := range s.f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		last, decls = gd, decls+1
		if gd.Lparen.IsValid() && len(gd.Specs) > 0 && !importsC(gd) {
			return s.insertIntoBlock(gd)
		}
	}
	if decls == 1 && len(last.Specs) == 1 && !importsC(last) {
		return s.makeBlock(last.Specs[0].(*ast.ImportSpec))
	}
	if last != nil {
		return edit{s.lineEnd(last.End()), s.lineEnd(last.End()), "\nimport \"os\""}
	}
	at := s.lineEnd(s.f.Name.End())
	return edit{at, at, "\n\nimport \"os\""}
}

// makeBlock turns the file's one single-spec import declaration into a block that adds "os".
func (s *srcFile) makeBlock(spec *ast.ImportSpec) edit {
	text := string(s.src[s.offset(spec.Pos()):s.offset(spec.End())])
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
	return edit{s.offset(spec.Pos()), s.offset(spec.End()), block}
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
func (s *srcFile) insertIntoBlock(gd *ast.GenDecl) edit {
	groups := s.importGroups(gd)
	for _, g := range groups {
		if !allStd(g) {
			continue
		}
		for _, is := range g {
			if p, _ := strconv.Unquote(is.Path.Value); p > "os" {
				at := s.lineStart(specStart(is))
				return edit{at, at, s.indentOf(specStart(is)) + "\"os\"\n"}
			}
		}
		is := g[len(g)-1]
		at := s.lineEnd(specEnd(is))
		return edit{at, at, "\n" + s.indentOf(specStart(is)) + "\"os\""}
	}
	is := groups[0][0]
	at := s.lineStart(specStart(is))
	return edit{at, at, s.indentOf(specStart(is)) + "\"os\"\n\n"}
}

// importGroups splits a block's specs where a blank line separates them, as gofmt's sort does.
func (s *srcFile) importGroups(gd *ast.GenDecl) [][]*ast.ImportSpec {
	var groups [][]*ast.ImportSpec
	prevEnd := -1
	for _, sp := range gd.Specs {
		is := sp.(*ast.ImportSpec)
		if start := s.tf.Line(specStart(is)); prevEnd < 0 || start > prevEnd+1 {
			groups = append(groups, nil)
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], is)
		prevEnd = s.tf.Line(specEnd(is))
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
