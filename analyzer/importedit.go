package analyzer

import (
	"bytes"
	"errors"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"sort"
)

// importEdits returns the edits to sf's import declarations that delete drop and, with addOS,
// import "os", gofmt-clean together. They are worked out once per file, and every fix in the
// file that needs any of them carries the same edits: a driver that merges the fixes of a file
// (go vet -fix, golangci-lint --fix, keylint vet -fix) sees one insertion of "os" and one
// deletion of each import, never an import added twice or a deletion folded into another edit.
func importEdits(sf *srcFile, addOS bool, drop []*ast.ImportSpec) ([]edit, error) {
	src1, err := applyEdits(sf.src, dropEdits(sf, drop))
	if err != nil {
		return nil, err
	}
	src2 := src1
	if addOS {
		f1, err := parseSrc(src1)
		if err != nil {
			return nil, err
		}
		if src2, err = applyEdits(src1, []edit{f1.addOSImport()}); err != nil {
			return nil, err
		}
	}
	final, err := formatImports(src2)
	if err != nil {
		return nil, err
	}
	if bytes.Equal(final, sf.src) {
		return nil, nil
	}
	a, b := diffRegion(sf.src, final)
	return []edit{{a, b, string(final[a : b+len(final)-len(sf.src)])}}, nil
}

// dropEdits deletes each spec's lines, or its whole declaration when every spec there goes.
func dropEdits(sf *srcFile, drop []*ast.ImportSpec) []edit {
	var edits []edit
	for _, d := range sf.f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		var gone []*ast.ImportSpec
		for _, s := range gd.Specs {
			for _, x := range drop {
				if s == x {
					gone = append(gone, x)
				}
			}
		}
		if len(gone) == 0 {
			continue
		}
		if len(gone) == len(gd.Specs) {
			first := gd.Pos()
			if gd.Doc != nil {
				first = gd.Doc.Pos()
			}
			edits = append(edits, sf.deleteLines(first, gd.End()))
			continue
		}
		for _, s := range gone {
			edits = append(edits, sf.deleteLines(specStart(s), specEnd(s)))
		}
	}
	return edits
}

// deleteLines deletes the whole lines from first's to last's, with the last newline.
func (s *srcFile) deleteLines(first, last token.Pos) edit {
	to := s.lineEnd(last)
	if to < s.tf.Size() {
		to++
	}
	return edit{s.lineStart(first), to, ""}
}

// formatImports gofmts the part of src before its first declaration other than an import,
// keeping one blank line before that declaration, and leaves the rest as it is.
func formatImports(src []byte) ([]byte, error) {
	sf, err := parseSrc(src)
	if err != nil {
		return nil, err
	}
	cut := len(src)
	for _, d := range sf.f.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
			continue
		}
		start := d.Pos()
		if doc := docOf(d); doc != nil {
			start = doc.Pos()
		}
		cut = sf.lineStart(start)
		break
	}
	head, err := format.Source(src[:cut])
	if err != nil {
		return nil, errors.New("the fixed imports would not parse")
	}
	out := append([]byte(nil), head...)
	if cut < len(src) {
		if bytes.HasSuffix(src[:cut], []byte("\n\n")) {
			out = append(out, '\n')
		}
		out = append(out, src[cut:]...)
	}
	return out, nil
}

func docOf(d ast.Decl) *ast.CommentGroup {
	switch d := d.(type) {
	case *ast.GenDecl:
		return d.Doc
	case *ast.FuncDecl:
		return d.Doc
	}
	return nil
}

// parseSrc parses src, a fixed file, for the positions of its declarations.
func parseSrc(src []byte) (*srcFile, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "fixed.go", src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, errors.New("the fixed file would not parse")
	}
	return &srcFile{f: f, tf: fset.File(f.Pos()), src: src}, nil
}

// applyEdits returns src with edits, which must not overlap, applied.
func applyEdits(src []byte, edits []edit) ([]byte, error) {
	edits = append([]edit(nil), edits...)
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].start < edits[j].start })
	var out bytes.Buffer
	at := 0
	for _, e := range edits {
		if e.start < at || e.end < e.start || e.end > len(src) {
			return nil, errors.New("the fix's edits overlap")
		}
		out.Write(src[at:e.start])
		out.WriteString(e.text)
		at = e.end
	}
	out.Write(src[at:])
	return out.Bytes(), nil
}
