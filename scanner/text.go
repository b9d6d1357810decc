package scanner

import (
	"bytes"
	"slices"
	"unicode/utf8"

	"github.com/keylint/keylint/scanner/decode"
	"github.com/keylint/keylint/scanner/rules"
	"github.com/keylint/keylint/scanner/source"
)

// lookBehind is how many bytes before a chunk's start stay visible, so that a key's
// boundary and a backslash escape before it can be judged across chunks.
const lookBehind = 8

// maxEmbeddedDepth bounds decoding inside decoded text (base64 of a JSON file with escapes).
const maxEmbeddedDepth = 2

// textScan scans a text that arrives in chunks, keeping line and column across them.
type textScan struct {
	s    *Scanner
	loc  source.Location
	emit func(Finding)

	skip int // bytes at the start of the next chunk that were already scanned (the look-behind)
	line int // line number at the start of the next chunk's unscanned part
	col  int // code points between that line's start and the unscanned part
}

func newTextScan(s *Scanner, loc source.Location, emit func(Finding)) *textScan {
	return &textScan{s: s, loc: loc, emit: emit, line: 1}
}

// feed scans buf, which starts with the tail feed kept last time, and returns where
// the part to keep for the next call starts; the last chunk comes with final set.
func (t *textScan) feed(buf []byte, final bool) (keep int) {
	limit := len(buf)
	if !final {
		limit = len(buf) - t.s.rules.MaxKeyLen() - 1
		for limit > t.skip && !utf8.RuneStart(buf[limit]) {
			limit-- // never split a character between chunks
		}
		if limit <= t.skip {
			return 0 // keep it all: too little to scan yet
		}
	}
	t.scan(buf, limit)
	if final {
		return len(buf)
	}
	t.advance(buf, limit)
	keep = max(limit-lookBehind, 0)
	t.skip = limit - keep
	return keep
}

// hit is a key to report: where it stands in the chunk (the encoded span, for a
// decoded key), the match, and how it was encoded.
type hit struct {
	start, end int
	m          rules.Match
	encoding   string
}

// scan reports the keys that start in buf[t.skip:limit], in the order they stand.
func (t *textScan) scan(buf []byte, limit int) {
	var hits []hit
	for _, m := range t.s.rules.Find(buf) {
		if m.Start >= t.skip && m.Start < limit {
			hits = append(hits, hit{m.Start, m.End, m, ""})
		}
	}
	t.s.needles.Embedded(buf, func(sp decode.Span) {
		if sp.Start < t.skip || sp.Start >= limit {
			return
		}
		for _, m := range t.findDecoded(sp.Data, 1) {
			hits = append(hits, hit{sp.Start, sp.End, m, sp.Encoding})
		}
	})
	if len(hits) == 0 {
		return
	}
	// Plain keys and decoded ones come from two searches: merge them so the cursor only moves forward.
	slices.SortStableFunc(hits, func(a, b hit) int { return a.start - b.start })
	pos := position{line: t.line, col: t.col, at: t.skip}
	for _, h := range hits {
		t.report(buf, &pos, h)
	}
}

// findDecoded finds keys in decoded bytes, decoding once more where they hold encodings too.
func (t *textScan) findDecoded(data []byte, depth int) []rules.Match {
	out := t.s.rules.Find(data)
	if depth < maxEmbeddedDepth {
		t.s.needles.Embedded(data, func(sp decode.Span) {
			out = append(out, t.findDecoded(sp.Data, depth+1)...)
		})
	}
	return out
}

// position is a cursor that turns byte offsets into lines and columns, moving forward only.
type position struct {
	line, col, at int
}

func (p *position) moveTo(buf []byte, off int) {
	seg := buf[p.at:off]
	if nl := bytes.LastIndexByte(seg, '\n'); nl >= 0 {
		p.line += bytes.Count(seg, []byte{'\n'})
		p.col = runeCount(seg[nl+1:])
	} else {
		p.col += runeCount(seg)
	}
	p.at = off
}

// advance moves the chunk's line and column to limit.
func (t *textScan) advance(buf []byte, limit int) {
	p := position{line: t.line, col: t.col, at: t.skip}
	p.moveTo(buf, limit)
	t.line, t.col = p.line, p.col
}

func (t *textScan) report(buf []byte, pos *position, h hit) {
	lineStart, lineEnd := lineBounds(buf, h.start, h.end)
	if allowed(buf[lineStart:lineEnd]) {
		return
	}
	pos.moveTo(buf, h.start)
	end := *pos // a base64 block may wrap over lines: the end has its own line and column
	end.moveTo(buf, h.end)
	t.emit(Finding{
		RuleID:    h.m.Rule.ID,
		Rule:      h.m.Rule,
		Location:  t.loc,
		Line:      pos.line,
		Column:    pos.col + 1,
		EndLine:   end.line,
		EndColumn: end.col + 1,
		Secret:    h.m.Key,
		Context:   snippet(buf, lineStart, lineEnd, h.start, h.end, h.encoding, h.m.Key),
		Encoding:  h.encoding,
		Severity:  h.m.Rule.Severity,
	})
}

// lineBounds returns the bounds of the line around [start, end) within buf.
func lineBounds(buf []byte, start, end int) (int, int) {
	ls := bytes.LastIndexByte(buf[:start], '\n') + 1
	le := bytes.IndexByte(buf[end:], '\n')
	if le < 0 {
		le = len(buf)
	} else {
		le += end
	}
	return ls, le
}

// snippetRunes is how much of a long line is kept on each side of a key.
const snippetRunes = 40

// snippet cuts the line around the key to at most snippetRunes code points each side.
// An encoded key is shown decoded, so that reports can redact it like any other.
func snippet(buf []byte, ls, le, start, end int, encoding, key string) string {
	from := start
	for i := 0; i < snippetRunes && from > ls; i++ {
		_, size := utf8.DecodeLastRune(buf[ls:from])
		from -= size
	}
	to := end
	for i := 0; i < snippetRunes && to < le; i++ {
		_, size := utf8.DecodeRune(buf[to:le])
		to += size
	}
	mid := string(buf[start:end])
	if encoding != "" {
		mid = key + " (" + encoding + ")"
	}
	s := string(buf[from:start]) + mid + string(bytes.TrimRight(buf[end:to], "\r"))
	if from > ls {
		s = "…" + s
	}
	if to < le {
		s += "…"
	}
	return s
}

// runeCount counts the code points in b: every byte that does not continue a UTF-8
// sequence. Unlike utf8.RuneCount it never copies b, which matters on long lines.
func runeCount(b []byte) int {
	n := 0
	for _, c := range b {
		if c&0xC0 != 0x80 {
			n++
		}
	}
	return n
}
