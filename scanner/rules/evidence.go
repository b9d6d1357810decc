package rules

import (
	"math"
	"strings"
)

// randomness returns the name of the first randomness test the body fails and why, or two
// empty strings when it passes them all. The tests, cheapest first: character classes,
// file and host names, cloud resource ids, entropy, runs and sequences, placeholder words,
// and word-like structure.
func randomness(body string) (test, why string) {
	var lower, upper, digit, sep int
	for i := 0; i < len(body); i++ {
		switch c := body[i]; {
		case c >= 'a' && c <= 'z':
			lower++
		case c >= 'A' && c <= 'Z':
			upper++
		case c >= '0' && c <= '9':
			digit++
		default:
			sep++
		}
	}
	classes := 0
	for _, n := range []int{lower, upper, digit} {
		if n > 0 {
			classes++
		}
	}
	switch {
	case classes < 2:
		return TestClasses, "a single character class: a word, a number or a mask"
	case sep > 0 && nameLike(body):
		return TestName, "a file or host name"
	case upper == 0 && sep > 0:
		return TestJoinedNames, "lower-case names joined by separators: a CSS class, pod or file name"
	case cssModule(body):
		return TestJoinedNames, "a word joined by a double separator: a BEM or CSS Modules class name"
	case upper == 0 && sep == 0 && len(body) <= 22:
		return TestCloudID, "short lower-case id: a cloud resource id such as an AnalyticDB instance"
	case entropy(body) < 3.0:
		return TestEntropy, "low entropy"
	case runLen(body) >= 6:
		return TestRun, "holds a run or a sequence"
	}
	segs := segments(body)
	if why := placeholder(segs); why != "" {
		return TestPlaceholder, why
	}
	if wordLike(segs, len(body)) {
		return TestWords, "made of words"
	}
	return "", ""
}

// nameLike reports a dotted name whose last part is a file extension or a top-level domain.
func nameLike(body string) bool {
	dot := strings.LastIndexByte(body, '.')
	if dot < 0 {
		return false
	}
	ext := body[dot+1:]
	if len(ext) < 1 || len(ext) > 6 {
		return false
	}
	for i := 0; i < len(ext); i++ {
		if c := ext[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' && i > 0) {
			return false
		}
	}
	return true
}

// entropy is the Shannon entropy of s in bits per byte.
func entropy(s string) float64 {
	var counts [256]int
	for i := 0; i < len(s); i++ {
		counts[s[i]]++
	}
	h := 0.0
	n := float64(len(s))
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / n
			h -= p * math.Log2(p)
		}
	}
	return h
}

// runLen is the length of the longest stretch in which each byte repeats its neighbour,
// or steps up by one, or steps down by one, throughout ("aaaa", "abcd", "4321").
func runLen(s string) int {
	best, cur, step := 1, 1, 0
	for i := 1; i < len(s); i++ {
		d := int(s[i]) - int(s[i-1])
		sameClass := class(s[i]) == class(s[i-1]) && class(s[i]) != 0
		switch {
		case sameClass && d >= -1 && d <= 1 && (cur == 1 || d == step):
			cur++
		case sameClass && d >= -1 && d <= 1:
			cur = 2
		default:
			cur = 1
		}
		step = d
		best = max(best, cur)
	}
	return best
}

func class(c byte) int {
	switch {
	case c >= 'a' && c <= 'z':
		return 1
	case c >= 'A' && c <= 'Z':
		return 2
	case c >= '0' && c <= '9':
		return 3
	}
	return 0
}

// piece is a run of one shape inside a segment: a word ("config", "Config", "API") or a number.
type piece struct {
	text   string
	number bool
}

// segments splits a body at separators and each part into pieces at case and digit changes.
func segments(body string) [][]piece {
	var out [][]piece
	for _, seg := range strings.FieldsFunc(body, func(r rune) bool { return r == '.' || r == '-' || r == '_' }) {
		out = append(out, pieces(seg))
	}
	return out
}

func pieces(seg string) []piece {
	var out []piece
	i := 0
	for i < len(seg) {
		j := i
		switch class(seg[i]) {
		case 3:
			for j < len(seg) && class(seg[j]) == 3 {
				j++
			}
			out = append(out, piece{seg[i:j], true})
			i = j
			continue
		case 2:
			for j < len(seg) && class(seg[j]) == 2 {
				j++
			}
			// "APIKey": the last capital starts the next word.
			if j < len(seg) && class(seg[j]) == 1 && j-i > 1 {
				j--
			}
			if j-i == 1 || j == i {
				j = i + 1
				for j < len(seg) && class(seg[j]) == 1 {
					j++
				}
			}
		default:
			for j < len(seg) && class(seg[j]) == 1 {
				j++
			}
		}
		if j == i {
			j++
		}
		out = append(out, piece{seg[i:j], false})
		i = j
	}
	return out
}

// placeholder reports a body that spells out a placeholder or fixture word.
func placeholder(segs [][]piece) string {
	covered, total := 0, 0
	for _, seg := range segs {
		for _, p := range seg {
			total += len(p.text)
			if p.number || len(p.text) < 4 {
				continue
			}
			w := placeholderIn(strings.ToLower(p.text))
			if w == "" {
				continue
			}
			if len(w) >= 6 {
				return "placeholder word " + w
			}
			covered += len(w)
		}
	}
	if total > 0 && covered*10 >= total*3 {
		return "mostly placeholder words"
	}
	return ""
}

// wordLike reports a body whose pieces are long and pronounceable, like words and
// numbers, where a random token breaks into many short pieces at its frequent case
// and digit changes, and its letters hold few vowels and long consonant clusters.
func wordLike(segs [][]piece, n int) bool {
	count, letters, vowels, numbers := 0, 0, 0, 0
	for _, seg := range segs {
		count += len(seg)
		for _, p := range seg {
			if p.number {
				// Words carry a number or two ("release2024"); three or more break a random token.
				if numbers++; numbers >= 3 {
					return false
				}
				continue
			}
			letters += len(p.text)
			vowels += countVowels(p.text)
			if consonantRun(p.text) >= 4 || len(p.text) > 5 && isUpper(p.text) {
				return false
			}
		}
	}
	return count > 0 && n >= 4*count && vowels*10 >= letters*3
}

// consonantRun is the longest stretch of consonants, which words keep short.
func consonantRun(s string) int {
	best, cur := 0, 0
	for i := 0; i < len(s); i++ {
		if countVowels(s[i:i+1]) == 1 {
			cur = 0
			continue
		}
		cur++
		best = max(best, cur)
	}
	return best
}

func countVowels(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		switch s[i] | 0x20 {
		case 'a', 'e', 'i', 'o', 'u', 'y':
			n++
		}
	}
	return n
}

func isUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if class(s[i]) != 2 {
			return false
		}
	}
	return true
}

// pronounceable reports a lower-case word with vowels and short consonant clusters, as words have.
func pronounceable(w string) bool {
	return countVowels(w)*4 >= len(w) && consonantRun(w) < 4
}

// cssModule reports a BEM or CSS Modules class name: a word, then "__" or "--"
// ("Button__primary___3xK9a", "Card--active").
func cssModule(body string) bool {
	i := strings.Index(body, "__")
	if j := strings.Index(body, "--"); j >= 0 && (i < 0 || j < i) {
		i = j
	}
	if i < 3 {
		return false
	}
	for k := 0; k < i; k++ {
		if !isLetter(body[k]) {
			return false
		}
	}
	return pronounceable(strings.ToLower(body[:i]))
}
