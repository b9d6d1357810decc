package decode

import (
	"bytes"
	"math/bits"
	"slices"
)

// b64Value maps a byte to its 6-bit value in either base64 alphabet (standard
// or URL-safe), or to b64Invalid.
func b64Value(c byte) byte {
	switch {
	case c >= 'A' && c <= 'Z':
		return c - 'A'
	case c >= 'a' && c <= 'z':
		return c - 'a' + 26
	case c >= '0' && c <= '9':
		return c - '0' + 52
	case c == '+' || c == '-':
		return 62
	case c == '/' || c == '_':
		return 63
	}
	return b64Invalid
}

const b64Invalid = 0xff

func isB64(c byte) bool { return b64Value(c) != b64Invalid }

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

// maxRegionGap is how far apart two regions may stand and be searched as one.
const maxRegionGap = 64

// b64Hit is a needle found in text whose prefix checked out.
type b64Hit struct {
	group  int // start of the 4-character group where the prefix begins
	needle int
}

// base64Spans appends the base64 spans of text that decode to a prefix.
func (n *Needles) base64Spans(text []byte, spans []Span) []Span {
	if n.many {
		return n.runSpans(text, spans)
	}
	if n.pairs != nil {
		return n.hitSpans(text, n.pairHits(text, nil), spans)
	}
	var hits []b64Hit
	// A needle is only worth decoding inside a run long enough to hold a key, or on the
	// line after one (the last line of a wrapped block): the anchors are searched there only.
	// Regions a few bytes apart (the lines of a wrapped block) are searched as one: searching
	// the bytes between costs less than starting a search per line.
	runs := runFinder{isB64: &n.isB64, text: text}
	cs, ce := -1, -1 // the region to search, end exclusive
	for from := 0; ; {
		rs, re := runs.next(from)
		if rs < 0 {
			break
		}
		from = re + 1
		switch {
		case cs >= 0 && rs-ce < maxRegionGap:
			ce = min(re+1, len(text))
		default:
			if cs >= 0 {
				hits = n.anchorHits(text, cs, ce, hits)
			}
			cs, ce = rs, min(re+1, len(text))
		}
	}
	if cs >= 0 {
		hits = n.anchorHits(text, cs, ce, hits)
	}
	return n.hitSpans(text, hits, spans)
}

// hitSpans appends the spans of the base64 runs around hits that decode to a prefix.
func (n *Needles) hitSpans(text []byte, hits []b64Hit, spans []Span) []Span {
	if len(hits) == 0 {
		return spans
	}
	slices.SortFunc(hits, func(x, y b64Hit) int { return x.group - y.group })
	done := 0 // text before done has been decoded or ruled out
	for _, h := range hits {
		if h.group < done {
			continue
		}
		start, end := b64Run(text, h.group)
		if end-start < n.needles[h.needle].minRun {
			done = end
			continue
		}
		if end-start > maxB64Run {
			start = max(start, done, h.group-maxB64Run/2)
			end = min(end, start+maxB64Run)
		}
		done = end
		if sp, ok := n.decodeRun(text, start, end, h.group); ok {
			spans = append(spans, sp)
		}
	}
	return spans
}

// anchorHits appends the needles whose anchor byte stands in text[from:to] and whose
// prefix checks out; the needles themselves are matched against the whole text.
//
// With few anchor bytes, their places are found from one mask of them all, 64 bytes a
// word: in base64 (a source map's mappings) one of them stands every few bytes, and a
// search per anchor byte would stop at each.
func (n *Needles) anchorHits(text []byte, from, to int, hits []b64Hit) []b64Hit {
	to = min(to, len(text)-1) // an anchor is followed by at least one byte
	if !n.fewAnchors {
		return n.anchorHitsEach(text, from, to, hits)
	}
	var words [16]uint64
	for base := from; base < to; {
		// Whole blocks, past to where the text goes on (most regions are a short line),
		// with the places at or after to dropped.
		k := anyMask(&n.anchorBytes, &n.isAnchor, words[:], text[base:min(len(text), to+63)])
		if k == 0 {
			words[0] = b64MaskTail(&n.isAnchor, text[base:to])
			k = 1
		}
		if over := base + 64*k - to; over > 0 {
			words[k-1] &= ^uint64(0) >> uint(over)
		}
		for w, m := range words[:k] {
			for ; m != 0; m &= m - 1 {
				p := base + 64*w + bits.TrailingZeros64(m)
				for _, a := range n.anchorsOf[text[p]] {
					// Most places are ruled out by the byte after them: test it before the call.
					if a.next[text[p+1]] != 0 {
						hits = n.anchorHit(text, a, p, hits)
					}
				}
			}
		}
		base += 64 * k
	}
	return hits
}

// anchorHitsEach is anchorHits with one search per anchor.
func (n *Needles) anchorHitsEach(text []byte, from, to int, hits []b64Hit) []b64Hit {
	for i := range n.anchors {
		a := &n.anchors[i]
		for i := from; i < to; {
			j := bytes.IndexByte(text[i:to], a.c)
			if j < 0 {
				break
			}
			p := i + j
			i = p + 1
			hits = n.anchorHit(text, a, p, hits)
		}
	}
	return hits
}

// anchorHit appends the needles of anchor a that stand around its byte at p and whose
// prefix checks out.
func (n *Needles) anchorHit(text []byte, a *anchor, p int, hits []b64Hit) []b64Hit {
	for m := a.next[text[p+1]]; m != 0; m &= m - 1 {
		hits = n.needleHit(text, a.holds[bits.TrailingZeros64(m)], p, hits)
	}
	return hits
}

// needleHit appends ref's needle when it stands in text with its byte ref.off at p and its
// prefix checks out.
func (n *Needles) needleHit(text []byte, ref anchorRef, p int, hits []b64Hit) []b64Hit {
	nd := &n.needles[ref.needle]
	s := p - ref.off
	if s < 0 || s+len(nd.text) > len(text) || string(text[s:s+len(nd.text)]) != nd.text {
		return hits
	}
	if g := s - nd.k0; n.prefixAt(text, g, nd) {
		hits = append(hits, b64Hit{group: g, needle: ref.needle})
	}
	return hits
}

// runSpans is base64Spans for too many prefixes to search for their needles: it decodes
// every base64 run long enough to hold a key, in each alignment a group may start at,
// and keeps the first decoding that holds a prefix. Its cost is the decoding, whatever
// the number of prefixes. A run longer than maxB64Run is decoded in windows of that size;
// a prefix across two windows is missed.
func (n *Needles) runSpans(text []byte, spans []Span) []Span {
	for pos := 0; pos < len(text); {
		if !isB64(text[pos]) {
			pos++
			continue
		}
		start, end := b64Run(text, pos)
		start, end = max(start, pos), max(end, pos+1)
		pos = end
		if end-start < minB64Run {
			continue
		}
		for w := start; w < end; w += maxB64Run {
			we := min(end, w+maxB64Run)
			for o := range min(4, we-w) {
				if !isB64(text[w+o]) {
					break
				}
				if sp, ok := n.decodeRun(text, w, we, w+o); ok {
					spans = append(spans, sp)
					break
				}
			}
		}
	}
	return spans
}

// prefixAt reports whether the base64 groups at g decode to nd's prefix at its alignment.
func (n *Needles) prefixAt(text []byte, g int, nd *needle) bool {
	end := g + 4*nd.groups
	if g < 0 || end > len(text) {
		return false
	}
	var buf [48]byte
	out := buf[:0]
	var acc uint32
	bits := 0
	for _, c := range text[g:end] {
		v := b64Value(c)
		if v == b64Invalid {
			return false
		}
		acc = acc<<6 | uint32(v)
		bits += 6
		if bits >= 8 {
			bits -= 8
			out = append(out, byte(acc>>uint(bits)))
		}
	}
	p := n.prefixes[nd.prefix]
	return bytes.Equal(out[nd.align:nd.align+len(p)], p)
}

// decodeRun decodes the base64 text[start:end] in the alignment where g starts
// a group, taking in padding that follows it.
func (n *Needles) decodeRun(text []byte, start, end, g int) (Span, bool) {
	// Skip the characters before the first whole group, counting only base64 ones.
	skip := 0
	for _, c := range text[start:g] {
		if isB64(c) {
			skip++
		}
	}
	skip %= 4
	for skip > 0 || !isB64(text[start]) {
		if isB64(text[start]) {
			skip--
		}
		start++
	}
	for k := 0; k < 2 && end < len(text) && text[end] == '='; k++ {
		end++
	}
	data := make([]byte, 0, (end-start)*3/4)
	var acc uint32
	bits := 0
	url, std := false, false
	for _, c := range text[start:end] {
		v := b64Value(c)
		if v == b64Invalid {
			continue // line breaks, indentation and padding
		}
		switch c {
		case '-', '_':
			url = true
		case '+', '/':
			std = true
		}
		acc = acc<<6 | uint32(v)
		bits += 6
		if bits >= 8 {
			bits -= 8
			data = append(data, byte(acc>>uint(bits)))
		}
	}
	if !n.containsPrefix(data) {
		return Span{}, false
	}
	enc := EncBase64
	if url && !std {
		enc = EncBase64URL
	}
	return Span{Start: start, End: end, Data: data, Encoding: enc}, true
}

// minWrap is the shortest line width taken for a wrapped base64 block.
const minWrap = 32

// b64Run returns the base64 run around pos, following a block wrapped over
// lines of equal width (as base64(1) and PEM write them), without padding.
func b64Run(text []byte, pos int) (start, end int) {
	start, end = lineRun(text, pos)
	width := -1
	// Forward over full lines of equal width.
	if cs, ce := start, end; fullLine(text, cs, ce) && (ce-cs)%4 == 0 && ce-cs >= minWrap {
		width = ce - cs
		for {
			ns, ne, padded, ok := nextLine(text, end)
			if !ok || ne-ns > width {
				break
			}
			end = ne
			if ne-ns < width || padded {
				break
			}
		}
	}
	// Backward over full lines of the same width.
	cur := end - start
	for atLineStart(text, start) {
		ps, pe, ok := prevLine(text, start)
		w := pe - ps
		if !ok || w%4 != 0 || w < minWrap || (width >= 0 && w != width) || (width < 0 && w < cur) {
			break
		}
		width = w
		start = ps
	}
	return start, end
}

// lineRun returns the run of base64 characters around pos.
func lineRun(text []byte, pos int) (start, end int) {
	start, end = pos, pos
	for start > 0 && isB64(text[start-1]) {
		start--
	}
	for end < len(text) && isB64(text[end]) {
		end++
	}
	return start, end
}

// atLineStart reports whether only blanks stand between pos and the start of its
// line, and that line is not the first.
func atLineStart(text []byte, pos int) bool {
	for pos > 0 && isBlank(text[pos-1]) {
		pos--
	}
	return pos > 0 && text[pos-1] == '\n'
}

// fullLine reports whether text[s:e] is all of its line but indentation.
func fullLine(text []byte, s, e int) bool {
	if e < len(text) && text[e] != '\n' && text[e] != '\r' {
		return false
	}
	for s > 0 && isBlank(text[s-1]) {
		s--
	}
	return s == 0 || text[s-1] == '\n'
}

// nextLine returns the base64 run that fills the line after the line break at
// pos, and whether padding ends it.
func nextLine(text []byte, pos int) (s, e int, padded, ok bool) {
	if pos < len(text) && text[pos] == '\r' {
		pos++
	}
	if pos >= len(text) || text[pos] != '\n' {
		return 0, 0, false, false
	}
	pos++
	for pos < len(text) && isBlank(text[pos]) {
		pos++
	}
	s, e = pos, pos
	for e < len(text) && isB64(text[e]) {
		e++
	}
	if e == s {
		return 0, 0, false, false
	}
	after := e
	for after < len(text) && after-e < 2 && text[after] == '=' {
		after++
	}
	padded = after > e
	if after < len(text) && text[after] != '\n' && text[after] != '\r' {
		return 0, 0, false, false
	}
	return s, e, padded, true
}

// prevLine returns the base64 run that fills the line before the one holding pos.
func prevLine(text []byte, pos int) (s, e int, ok bool) {
	for pos > 0 && isBlank(text[pos-1]) {
		pos--
	}
	if pos == 0 || text[pos-1] != '\n' {
		return 0, 0, false
	}
	e = pos - 1
	if e > 0 && text[e-1] == '\r' {
		e--
	}
	s = e
	for s > 0 && isB64(text[s-1]) {
		s--
	}
	if s == e || !fullLine(text, s, e) {
		return 0, 0, false
	}
	return s, e, true
}
