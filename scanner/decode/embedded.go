package decode

import "slices"

// Embedded calls fn for each encoded span of text (base64 runs, string escapes)
// whose decoding may hold one of prefixes.
//
// It is NewNeedles(prefixes).Embedded(text, fn); a caller scanning many texts
// with the same prefixes should build the Needles once.
func Embedded(text []byte, prefixes []string, fn func(Span)) {
	NewNeedles(prefixes).Embedded(text, fn)
}

// Embedded calls fn, in order of Start, for each encoded span of text whose
// decoding holds one of the prefixes.
//
// Spans are base64 runs (standard or URL-safe alphabet, padded or not, on one
// line or wrapped over lines of equal width; at most 64 KiB of a longer run) and
// runs of string text with \uXXXX or \xXX escapes. fn may keep Span.Data.
func (n *Needles) Embedded(text []byte, fn func(Span)) {
	if len(n.prefixes) == 0 {
		return
	}
	spans := n.base64Spans(text, nil)
	spans = n.escapeSpans(text, spans)
	slices.SortStableFunc(spans, func(a, b Span) int { return a.Start - b.Start })
	for _, sp := range spans {
		fn(sp)
	}
}
