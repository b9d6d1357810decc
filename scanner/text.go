package scanner

import (
	"bytes"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/keylint/keylint/internal/runes"
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

	skip  int // bytes at the start of the next chunk that were already scanned (the look-behind)
	carry int // bytes at the start of the next chunk that belong to a key of this one
	line  int // line number at the start of the next chunk's unscanned part
	col   int // code points between that line's start and the unscanned part
	fed   bool
}

func newTextScan(s *Scanner, loc source.Location, emit func(Finding)) *textScan {
	return &textScan{s: s, loc: loc, emit: emit, line: 1}
}

// feed scans buf, which starts with the tail feed kept last time, and returns where
// the part to keep for the next call starts; the last chunk comes with final set.
func (t *textScan) feed(buf []byte, final bool) (keep int) {
	if !t.fed {
		t.fed = true
		if bytes.HasPrefix(buf, []byte("\xef\xbb\xbf")) {
			t.col = -1 // a UTF-8 byte-order mark is no column of the first line
		}
	}
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
	// Every key in buf, reported here or not, is known, so that no snippet shows a neighbour.
	var all []hit
	prev := -1 // where a key of the previous chunk ends in buf, if one runs into it
	if t.carry > 0 {
		prev = t.carry
	}
	for _, m := range t.s.rules.FindAfter(buf, prev) {
		all = append(all, hit{m.Start, m.End, m, ""})
	}
	t.s.needles.Embedded(buf, func(sp decode.Span) {
		for _, m := range t.findDecoded(sp.Data, 1) {
			all = append(all, hit{sp.Start, sp.End, m, sp.Encoding})
		}
	})
	carry := t.carry
	t.carry = 0
	if len(all) == 0 {
		return
	}
	// Plain keys and decoded ones come from two searches: merge them so the cursor only moves forward.
	slices.SortStableFunc(all, func(a, b hit) int { return a.start - b.start })
	all = dropCovered(all)
	l := lineKeys{all: all, reach: make([]int, len(all)), carry: carry}
	for i, h := range all {
		carry = max(carry, h.end)
		l.reach[i] = carry
	}
	pos := position{line: t.line, col: t.col, at: t.skip}
	var lc lineCache
	for i, h := range all {
		if h.start >= t.skip && h.start < limit {
			t.report(buf, &pos, &lc, &l, i)
		}
		if h.start < limit {
			// A key that runs past what the next chunk keeps must not show in its snippets.
			t.carry = max(t.carry, h.end-max(limit-lookBehind, 0))
		}
	}
}

// lineCache is the last line a key was reported on, its bounds and whether it holds an
// inline allow, so that many keys on one long line cost the line once, not once each.
type lineCache struct {
	valid   bool
	ls, le  int
	allowed bool
}

// bounds returns the bounds of the line around [start, end) and whether it allows keys.
func (lc *lineCache) bounds(buf []byte, start, end int) (ls, le int, ok bool) {
	if lc.valid && start >= lc.ls && end <= lc.le {
		return lc.ls, lc.le, lc.allowed
	}
	ls, le = lineBounds(buf, start, end)
	ok = allowed(buf[ls:le])
	// Only a single line is kept: a key wrapped over lines has bounds that hold several.
	single := bytes.IndexByte(buf[start:end], '\n') < 0
	*lc = lineCache{valid: single, ls: ls, le: le, allowed: ok}
	return ls, le, ok
}

// dropCovered removes a plain key that an encoded one spells out whole: "gp-abc\x50def" is one
// key, not the plain "gp-abc" and the decoded "gp-abcPdef"; where both are the same key, the
// plain one stays, as its position is exact. all is sorted by start.
func dropCovered(all []hit) []hit {
	drop := make([]bool, len(all))
	for i, e := range all {
		if e.encoding == "" {
			continue
		}
		for j := i - 1; j >= 0 && all[j].start == e.start; j-- {
			markCovered(all, drop, i, j)
		}
		for j := i + 1; j < len(all) && all[j].start < e.end; j++ {
			markCovered(all, drop, i, j)
		}
	}
	out := all[:0]
	for i, h := range all {
		if !drop[i] {
			out = append(out, h)
		}
	}
	return out
}

func markCovered(all []hit, drop []bool, enc, plain int) {
	e, p := all[enc], all[plain]
	if p.encoding != "" || p.end > e.end || !strings.Contains(e.m.Key, p.m.Key) {
		return
	}
	if e.m.Key == p.m.Key {
		drop[enc] = true
	} else {
		drop[plain] = true
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
	if nl := lastNewline(seg); nl >= 0 {
		p.line += bytes.Count(seg, []byte{'\n'})
		p.col = runes.Count(seg[nl+1:])
	} else {
		p.col += runes.Count(seg)
	}
	p.at = off
}

// advance moves the chunk's line and column to limit.
func (t *textScan) advance(buf []byte, limit int) {
	p := position{line: t.line, col: t.col, at: t.skip}
	p.moveTo(buf, limit)
	t.line, t.col = p.line, p.col
}

func (t *textScan) report(buf []byte, pos *position, lc *lineCache, l *lineKeys, i int) {
	h := l.all[i]
	lineStart, lineEnd, allow := lc.bounds(buf, h.start, h.end)
	if allow {
		return
	}
	pos.moveTo(buf, h.start)
	end := *pos // a base64 block may wrap over lines: the end has its own line and column
	end.moveTo(buf, h.end)
	ctx, keys := l.snippet(buf, lineStart, lineEnd, i)
	t.emit(Finding{
		RuleID:      h.m.Rule.ID,
		Rule:        h.m.Rule,
		Location:    t.loc,
		Line:        pos.line,
		Column:      pos.col + 1,
		EndLine:     end.line,
		EndColumn:   end.col + 1,
		Secret:      h.m.Key,
		Context:     ctx,
		ContextKeys: keys,
		Encoding:    h.encoding,
		Severity:    h.m.Rule.Severity,
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

// lineKeys are every key of a chunk, sorted by start, with, for each, the furthest end
// of it and the keys before it (and of a key carried over from the chunk before).
type lineKeys struct {
	all   []hit
	reach []int
	carry int
}

// snippet cuts the line around key i to about snippetRunes code points each side and returns
// it with the ranges that hold keys. Every key in the cut is shown whole (decoded, when it was
// encoded) and its range returned, so that a report can redact each; a key that overlaps the
// cut's edge is left out of it.
func (l *lineKeys) snippet(buf []byte, ls, le, i int) (string, []Range) {
	h := l.all[i]
	from := h.start
	for n := 0; n < snippetRunes && from > ls; n++ {
		_, size := utf8.DecodeLastRune(buf[ls:from])
		from -= size
	}
	to := h.end
	for n := 0; n < snippetRunes && to < le; n++ {
		_, size := utf8.DecodeRune(buf[to:le])
		to += size
	}
	// The keys that start in the cut before this one.
	k := i
	for k > 0 && l.all[k-1].start >= from {
		k--
	}
	before := l.carry // the furthest end of the keys that start before the cut
	if k > 0 {
		before = l.reach[k-1]
	}
	for j := k; j < i; j++ {
		if e := l.all[j].end; e > h.start && !sameSpan(l.all[j], h) {
			before = max(before, e) // overlaps this key: left out of the cut
			k = j + 1
		}
	}
	inside := false // another key's span holds this one: show this key alone
	switch {
	case before >= h.end:
		inside = true
	case before > h.start:
		from, k = h.start, i
	case before > from:
		from = before
		for k < i && l.all[k].start < from {
			k++
		}
	}
	var right []hit
	for j := i + 1; !inside && j < len(l.all) && l.all[j].start < to; j++ {
		o := l.all[j]
		switch {
		case sameSpan(o, h) || o.end <= h.end:
			continue // shown as this key, or inside it
		case o.start <= h.start:
			inside = true
		case o.start < h.end:
			to = h.end // runs on past this key: the cut ends with it
		default:
			right = append(right, o)
			to = max(to, o.end)
			continue
		}
		break
	}
	if inside {
		from, to, k, right = h.start, h.end, i, nil
	}
	var b strings.Builder
	var keys []Range
	if from > ls {
		b.WriteString("…")
	}
	at := from
	var shown []hit
	for _, o := range l.all[k:i] {
		if !sameSpan(o, h) {
			shown = append(shown, o)
		}
	}
	shown = append(append(shown, h), right...)
	for _, o := range shown {
		if o.start < at {
			at = max(at, o.end) // a second key of one encoded span, or one inside another
			continue
		}
		b.Write(buf[at:o.start])
		start := b.Len()
		b.WriteString(o.m.Key)
		keys = append(keys, Range{start, b.Len()})
		if o.encoding != "" {
			b.WriteString(" (" + o.encoding + ")")
		}
		at = o.end
	}
	if at < to {
		b.Write(bytes.TrimRight(buf[at:to], "\r"))
	}
	if to < le {
		b.WriteString("…")
	}
	return b.String(), keys
}

func sameSpan(a, b hit) bool { return a.start == b.start && a.end == b.end }

// lastNewline is bytes.LastIndexByte(b, '\n'), which goes byte by byte, found
// instead by block with the vectorised bytes.IndexByte.
func lastNewline(b []byte) int {
	const block = 512
	for end := len(b); end > 0; end -= block {
		start := max(end-block, 0)
		if bytes.IndexByte(b[start:end], '\n') >= 0 {
			return start + bytes.LastIndexByte(b[start:end], '\n')
		}
	}
	return -1
}
