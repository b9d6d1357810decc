package analyzer

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// edit is a text edit in byte offsets of the file.
type edit struct {
	start, end int
	text       string
}

// plan is a finding's own edits, before the file's import edits join them, or why there are none.
type plan struct {
	edits []edit
	addOS bool     // the replacement names os, which the file does not import
	paths []string // the import paths the replacement names besides os
	why   string
}

// plan works out the edits that replace the constant string expression of fd.
func (w *walker) plan(fd finding, src []byte) plan {
	if w.inConstant(fd.cur) {
		return plan{why: "the key is part of a larger constant expression"}
	}
	qual, addOS, why := w.osQualifier(fd.e.Pos())
	if why != "" {
		return plan{why: why}
	}
	repl, paths, why := w.replacement(fd, qual)
	if why != "" {
		return plan{why: why}
	}
	var edits []edit
	replaced := false
	if spec, gd, ok := constSpec(fd.cur); ok {
		more, done, why := w.constToVar(src, gd, spec, repl)
		if why != "" {
			return plan{why: why}
		}
		edits, replaced = more, done
	}
	if !replaced {
		edits = append(edits, edit{w.offset(fd.e.Pos()), w.offset(fd.e.End()), repl})
	}
	return plan{edits: edits, addOS: addOS, paths: paths}
}

// suggest turns edits into a suggested fix whose result gofmt leaves alone, or says why it cannot.
func (w *walker) suggest(src []byte, edits []edit) (*analysis.SuggestedFix, string) {
	edits, err := gofmtStable(src, edits)
	if err != nil {
		return nil, err.Error()
	}
	return w.suggestion(edits), ""
}

// suggestion turns edits, which do not overlap, into the suggested fix.
func (w *walker) suggestion(edits []edit) *analysis.SuggestedFix {
	edits = slices.Clone(edits)
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].start < edits[j].start })
	text := make([]analysis.TextEdit, len(edits))
	for i, ed := range edits {
		text[i] = analysis.TextEdit{Pos: w.tokFile.Pos(ed.start), End: w.tokFile.Pos(ed.end), NewText: []byte(ed.text)}
	}
	return &analysis.SuggestedFix{Message: "Read the key from the environment with os.Getenv", TextEdits: text}
}

// source returns the file's bytes, as the type checker saw them, reading them once.
func (w *walker) source() ([]byte, error) {
	if w.src == nil && w.srcErr == nil {
		w.src, w.srcErr = w.readSource()
	}
	return w.src, w.srcErr
}

func (w *walker) readSource() ([]byte, error) {
	name := w.tokFile.Name()
	read := w.pass.ReadFile
	if read == nil {
		read = os.ReadFile
	}
	src, err := read(name)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s", name)
	}
	if len(src) != w.tokFile.Size() {
		return nil, fmt.Errorf("%s changed since it was parsed", name)
	}
	return src, nil
}

func (w *walker) offset(p token.Pos) int { return w.tokFile.Offset(p) }

// sf is the file as a srcFile; its bytes are there once source has read them.
func (w *walker) sf() *srcFile { return &srcFile{f: w.file, tf: w.tokFile, src: w.src} }

func (w *walker) lineStart(p token.Pos) int { return w.sf().lineStart(p) }

func (w *walker) lineEnd(p token.Pos) int { return w.sf().lineEnd(p) }

func (w *walker) indentOf(p token.Pos) string { return w.sf().indentOf(p) }

// replacement renders fd's value with each key replaced by a call to os.Getenv, converted to
// the expression's type, with the import paths that the conversion names.
func (w *walker) replacement(fd finding, qual string) (string, []string, string) {
	value, tv := fd.value, fd.tv
	raw := false
	if lit, ok := ast.Unparen(fd.e).(*ast.BasicLit); ok && strings.HasPrefix(lit.Value, "`") {
		raw = true
	}
	var parts []string
	at := 0
	for _, m := range fd.all {
		if m.Start > at {
			parts = append(parts, quote(value[at:m.Start], raw))
		}
		parts = append(parts, fmt.Sprintf("%sGetenv(%q)", qual, w.cfg.envFor(m.Rule.ID, m.Rule.EnvVar)))
		at = m.End
	}
	if at < len(value) {
		parts = append(parts, quote(value[at:], raw))
	}
	repl := strings.Join(parts, " + ")
	if b, ok := tv.Type.(*types.Basic); ok && (b.Kind() == types.String || b.Kind() == types.UntypedString) {
		return repl, nil, ""
	}
	missing := ""
	var paths []string
	name := types.TypeString(tv.Type, func(p *types.Package) string {
		if p == w.pass.Pkg {
			return ""
		}
		if n, ok := w.importName(p.Path()); ok {
			paths = append(paths, p.Path())
			return n
		}
		missing = p.Path()
		return p.Name()
	})
	if missing != "" {
		return "", nil, fmt.Sprintf("the value has type %s, whose package this file does not import", name)
	}
	return name + "(" + repl + ")", paths, ""
}

// quote writes s as a Go string literal, raw where the original was raw and s allows it.
func quote(s string, raw bool) string {
	if raw && !strings.ContainsAny(s, "`\r") {
		return "`" + s + "`"
	}
	return strconv.Quote(s)
}
