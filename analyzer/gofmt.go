package analyzer

import (
	"bytes"
	"errors"
	"go/format"
	"sort"

	"github.com/keylint/keylint/analyzer/internal/ends"
)

// gofmtStable returns edits that, applied to src, give what gofmt makes of src with edits applied:
// where gofmt would realign or move text, the edits touching that text become one edit.
func gofmtStable(src []byte, edits []edit) ([]edit, error) {
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].start < edits[j].start })
	s1, err := applyEdits(src, edits)
	if err != nil {
		return nil, err
	}
	s2, err := format.Source(s1)
	if err != nil {
		return nil, errors.New("the fixed file would not parse")
	}
	if bytes.Equal(s1, s2) {
		return edits, nil
	}
	a, b := diffRegion(s1, s2)
	// The edits' extents in s1, merging those the region touches.
	type span struct{ s, e, delta int }
	spans := make([]span, len(edits))
	shift := 0
	for i, e := range edits {
		spans[i] = span{e.start + shift, e.start + shift + len(e.text), len(e.text) - (e.end - e.start)}
		shift += spans[i].delta
	}
	merged := make([]bool, len(edits))
	for changed := true; changed; {
		changed = false
		for i, sp := range spans {
			if !merged[i] && sp.s <= b && sp.e >= a {
				merged[i], changed = true, true
				a, b = min(a, sp.s), max(b, sp.e)
			}
		}
	}
	before, inside := 0, 0
	var kept []edit
	for i, sp := range spans {
		switch {
		case merged[i]:
			inside += sp.delta
		case sp.e <= a:
			before += sp.delta
			kept = append(kept, edits[i])
		default:
			kept = append(kept, edits[i])
		}
	}
	grow := len(s2) - len(s1)
	m := edit{start: a - before, end: b - before - inside, text: string(s2[a : b+grow])}
	kept = append(kept, m)
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].start < kept[j].start })
	return kept, nil
}

// diffRegion returns the smallest run of whole lines [a, b) of s1 outside which s1 and s2 agree,
// so that s2 is s1[:a] + s2[a:b+len(s2)-len(s1)] + s1[b:].
func diffRegion(s1, s2 []byte) (int, int) {
	p, q := ends.Common(s1, s2)
	a := bytes.LastIndexByte(s1[:p], '\n') + 1
	b := len(s1) - q
	// Extend b to the end of its line, staying within the common suffix.
	if i := bytes.IndexByte(s1[b:], '\n'); i >= 0 {
		b += i
	} else {
		b = len(s1)
	}
	return a, b
}

// formatEdits returns the whitespace edits, in src's offsets, that make src with all of a file's
// fix edits applied gofmt-clean: the realigned comments and values of the lines around the fixes.
// Every fix in the file carries them, so that fixes applied together agree on the alignment where
// each fix's own realignment would conflict with the others'. It reports false when gofmt would
// change more than the whitespace between tokens on the fixed lines; then each fix is made
// gofmt-clean on its own.
func formatEdits(src []byte, all []edit) ([]edit, bool) {
	s1, err := applyEdits(src, all)
	if err != nil {
		return nil, false
	}
	s2, err := format.Source(s1)
	if err != nil {
		return nil, false
	}
	if bytes.Equal(s1, s2) {
		return nil, true
	}
	l1, l2 := bytes.SplitAfter(s1, []byte("\n")), bytes.SplitAfter(s2, []byte("\n"))
	if len(l1) != len(l2) {
		return nil, false
	}
	sorted := append([]edit(nil), all...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].start < sorted[j].start })
	var out []edit
	at := 0 // offset of line i in s1
	for i := range l1 {
		a, b := l1[i], l2[i]
		if !bytes.Equal(a, b) {
			if !bytes.Equal(bytes.Join(bytes.Fields(a), nil), bytes.Join(bytes.Fields(b), nil)) {
				return nil, false
			}
			p, q := ends.Common(a, b)
			start, ok := srcOffset(sorted, at+p, at+len(a)-q)
			if !ok {
				return nil, false
			}
			out = append(out, edit{start, start + len(a) - q - p, string(b[p : len(b)-q])})
		}
		at += len(a)
	}
	return out, true
}

// srcOffset maps the start of the region [from, to) of src with edits applied back to src,
// reporting false when the region overlaps the text an edit wrote.
func srcOffset(edits []edit, from, to int) (int, bool) {
	shift := 0
	for _, e := range edits {
		s := e.start + shift // where e's text starts in the edited file
		if s >= to {
			break
		}
		if s+len(e.text) > from {
			return 0, false
		}
		shift += len(e.text) - (e.end - e.start)
	}
	return from - shift, true
}
