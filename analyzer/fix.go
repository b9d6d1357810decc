package analyzer

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/keylint/keylint/scanner/rules"
)

// edit is a text edit in byte offsets of the file.
type edit struct {
	start, end int
	text       string
}

// fix builds the suggested fix for the constant string expression e, or says why there is none.
func (w *walker) fix(e ast.Expr, tv types.TypeAndValue, value string, keys []rules.Match) (*analysis.SuggestedFix, string) {
	if w.inConstant() {
		return nil, "the key is part of a larger constant expression"
	}
	src, err := w.source()
	if err != nil {
		return nil, err.Error()
	}
	qual, edits, why := w.osImport(e.Pos())
	if why != "" {
		return nil, why
	}
	for i, spec := range w.unusedImports(e) {
		if i == 0 && len(edits) > 0 {
			edits = []edit{w.dropImport(spec, true)} // reuse the line for "os"
			continue
		}
		edits = append(edits, w.dropImport(spec, false))
	}
	repl, why := w.replacement(e, tv, value, keys, qual)
	if why != "" {
		return nil, why
	}
	replaced := false
	if spec, gd, ok := w.constSpec(e); ok {
		more, done, why := w.constToVar(src, gd, spec, repl)
		if why != "" {
			return nil, why
		}
		edits, replaced = append(edits, more...), done
	}
	if !replaced {
		edits = append(edits, edit{w.offset(e.Pos()), w.offset(e.End()), repl})
	}
	edits, err = gofmtStable(src, edits)
	if err != nil {
		return nil, err.Error()
	}
	text := make([]analysis.TextEdit, len(edits))
	for i, ed := range edits {
		text[i] = analysis.TextEdit{Pos: w.tokFile.Pos(ed.start), End: w.tokFile.Pos(ed.end), NewText: []byte(ed.text)}
	}
	return &analysis.SuggestedFix{Message: "Read the key from the environment with os.Getenv", TextEdits: text}, ""
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

// replacement renders value with each key replaced by a call to os.Getenv, converted to e's type.
func (w *walker) replacement(e ast.Expr, tv types.TypeAndValue, value string, keys []rules.Match, qual string) (string, string) {
	raw := false
	if lit, ok := ast.Unparen(e).(*ast.BasicLit); ok && strings.HasPrefix(lit.Value, "`") {
		raw = true
	}
	var parts []string
	at := 0
	for _, m := range keys {
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
		return repl, ""
	}
	missing := ""
	name := types.TypeString(tv.Type, func(p *types.Package) string {
		if p == w.pass.Pkg {
			return ""
		}
		if n, ok := w.importName(p.Path()); ok {
			return n
		}
		missing = p.Path()
		return p.Name()
	})
	if missing != "" {
		return "", fmt.Sprintf("the value has type %s, whose package this file does not import", name)
	}
	return name + "(" + repl + ")", ""
}

// quote writes s as a Go string literal, raw where the original was raw and s allows it.
func quote(s string, raw bool) string {
	if raw && !strings.ContainsAny(s, "`\r") {
		return "`" + s + "`"
	}
	return strconv.Quote(s)
}
