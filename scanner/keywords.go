package scanner

import (
	"bytes"
	"slices"

	"github.com/keylint/keylint/internal/trigram"
)

// keywordSearch finds whether a text holds one of a few keywords in one pass over it, by
// the last three bytes of each (trigram.Set), where bytes.Contains would pass over the text
// once per keyword and stop at each occurrence of its first byte.
type keywordSearch struct {
	words [][]byte
	ends  *trigram.Set // nil: each keyword is searched for with bytes.Contains
}

func newKeywordSearch(words [][]byte) keywordSearch {
	var k keywordSearch
	for _, w := range words {
		if !slices.ContainsFunc(k.words, func(o []byte) bool { return bytes.Equal(o, w) }) {
			k.words = append(k.words, w)
		}
	}
	ends := make([][3]byte, 0, len(k.words))
	for _, w := range k.words {
		if len(w) < 3 {
			return k
		}
		ends = append(ends, [3]byte(w[len(w)-3:]))
	}
	k.ends, _ = trigram.New(ends)
	return k
}

// in reports whether text holds one of the keywords.
func (k *keywordSearch) in(text []byte) bool {
	if k.ends == nil {
		return slices.ContainsFunc(k.words, func(w []byte) bool { return bytes.Contains(text, w) })
	}
	for from := 0; ; {
		j := k.ends.Index(text[from:])
		if j < 0 {
			return false
		}
		end := from + j + 3
		for _, w := range k.words {
			if start := end - len(w); start >= 0 && bytes.Equal(text[start:end], w) {
				return true
			}
		}
		from += j + 1
	}
}
