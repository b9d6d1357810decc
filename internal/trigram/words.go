package trigram

import (
	"bytes"
	"slices"
)

// Words finds whether a text holds one of a few words in one pass over it, by the last
// three bytes of each, where bytes.Contains would pass over the text once per word and stop
// at each occurrence of its first byte. It is immutable once made.
type Words struct {
	words [][]byte
	ends  *Set // nil: each word is searched for with bytes.Contains
}

// NewWords returns the search for words.
func NewWords(words [][]byte) *Words {
	k := &Words{}
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
	k.ends, _ = New(ends)
	return k
}

// In reports whether text holds one of the words.
func (k *Words) In(text []byte) bool {
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
