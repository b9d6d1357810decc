package rules

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/keylint/keylint/internal/trigram"
)

// Match is one key found in a byte slice.
type Match struct {
	Rule *Rule
	// Start and End are byte offsets of the whole key, prefix included.
	Start, End int
	// Key is the key's text; it never leaves the process unredacted unless asked.
	Key string
}

// Set is an immutable, compiled collection of rules that finds keys in bytes.
type Set struct {
	rules   []*Rule
	anchors []anchor
	// byPrev holds, for the byte before a prefix's final '-', the anchors that may end there.
	byPrev [256]bucket
	// dashes finds the last three bytes of the prefixes, when they are few and every prefix
	// has three; nil otherwise (a '-' is then searched for alone).
	dashes *trigram.Set
	maxKey int
}

// bucket is the anchors whose prefixes share the byte before their final '-': a short
// list tried longest first, or, when there are many (thousands of fastgpt-prefixes), a
// map per prefix length, so that finding the prefix at a '-' costs a lookup per distinct
// length rather than a comparison per prefix.
type bucket struct {
	list  []int      // anchor indexes, longest prefix first; nil when byLen is used
	byLen []lenGroup // longest first
}

// lenGroup maps the prefixes of one length to their anchors.
type lenGroup struct {
	n int
	m map[string]int
}

// maxBucketList is the most anchors a bucket tries one by one.
const maxBucketList = 8

type anchor struct {
	prefix []byte
	rule   *Rule
	alpha  *[256]bool
}

// Compile checks rules, including every rule's Match and NoMatch samples, and builds a Set.
func Compile(rs []Rule) (*Set, error) {
	s := &Set{}
	seenID := map[string]bool{}
	seenPrefix := map[string]string{}
	var errs []error
	for i := range rs {
		r := rs[i] // copy: the Set owns its rules
		r.Prefixes = append([]string(nil), r.Prefixes...)
		r.Shapes = append([]Shape(nil), r.Shapes...)
		if err := r.validate(); err != nil {
			errs = append(errs, err)
			continue
		}
		if seenID[r.ID] {
			errs = append(errs, fmt.Errorf("rule id %q is defined twice", r.ID))
			continue
		}
		seenID[r.ID] = true
		rp := &r
		alpha := new([256]bool)
		for _, c := range []byte(r.Alphabet) {
			alpha[c] = true
		}
		for _, p := range r.Prefixes {
			if other, ok := seenPrefix[p]; ok {
				errs = append(errs, fmt.Errorf("prefix %q belongs to both %q and %q", p, other, r.ID))
				continue
			}
			seenPrefix[p] = r.ID
			s.anchors = append(s.anchors, anchor{prefix: []byte(p), rule: rp, alpha: alpha})
		}
		s.rules = append(s.rules, rp)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	s.index()
	if err := s.checkSamples(); err != nil {
		return nil, err
	}
	return s, nil
}

// Without returns the set without the rules whose ids drop holds, sharing the rules
// themselves: a configuration's enabled rules beside the set of all of them, compiled
// and proved against their samples once.
func (s *Set) Without(drop map[string]bool) *Set {
	out := &Set{}
	for _, r := range s.rules {
		if !drop[r.ID] {
			out.rules = append(out.rules, r)
		}
	}
	for _, a := range s.anchors {
		if !drop[a.rule.ID] {
			out.anchors = append(out.anchors, a)
		}
	}
	out.index()
	return out
}

// index builds the lookup of prefixes by the byte before their final '-', longest first,
// and the longest key, from the anchors.
func (s *Set) index() {
	for _, a := range s.anchors {
		s.maxKey = max(s.maxKey, len(a.prefix)+a.rule.maxBody()+appIDLen)
	}
	order := make([]int, len(s.anchors))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return len(s.anchors[order[i]].prefix) > len(s.anchors[order[j]].prefix) })
	for _, ai := range order {
		p := s.anchors[ai].prefix
		prev := p[len(p)-2]
		s.byPrev[prev].list = append(s.byPrev[prev].list, ai)
	}
	for i := range s.byPrev {
		s.byPrev[i].index(s.anchors)
	}
	s.dashes = nil
	var ends [][3]byte
	for _, a := range s.anchors {
		p := a.prefix
		if len(p) < 3 {
			return
		}
		if e := [3]byte(p[len(p)-3:]); !slices.Contains(ends, e) {
			ends = append(ends, e)
		}
	}
	s.dashes, _ = trigram.New(ends)
}

// checkSamples proves each rule against its own samples, within the whole set.
func (s *Set) checkSamples() error {
	var errs []error
	for _, r := range s.rules {
		for _, m := range r.Match {
			got := s.Find([]byte(m))
			if len(got) != 1 || got[0].Rule.ID != r.ID || got[0].Key != m {
				errs = append(errs, fmt.Errorf("rule %q: sample %q must match as one whole key (%s)", r.ID, Redact(m), s.Explain(m)[0].Why))
			}
		}
		for _, n := range r.NoMatch {
			for _, got := range s.Find([]byte(n)) {
				if got.Rule.ID == r.ID {
					errs = append(errs, fmt.Errorf("rule %q: sample %q must not match", r.ID, Redact(n)))
				}
			}
		}
	}
	return errors.Join(errs...)
}

// Rules returns the set's rules in the order they were given.
func (s *Set) Rules() []*Rule { return s.rules }

// Rule returns the rule with the given id.
func (s *Set) Rule(id string) (*Rule, bool) {
	for _, r := range s.rules {
		if r.ID == id {
			return r, true
		}
	}
	return nil, false
}

// Prefixes returns every prefix the set looks for.
func (s *Set) Prefixes() []string {
	out := make([]string, 0, len(s.anchors))
	for _, a := range s.anchors {
		out = append(out, string(a.prefix))
	}
	return out
}

// MaxKeyLen is the longest key, in bytes, any rule of the set can match.
func (s *Set) MaxKeyLen() int { return s.maxKey }

// Find returns the keys in data, ordered by position.
//
// Every prefix ends in '-', so one pass looks for '-' and checks the bytes before
// it against the prefixes that end that way: a single scan whatever the number of rules.
func (s *Set) Find(data []byte) []Match { return s.find(data, -1, false) }

// FindAfter is Find for data in which a key found earlier (in a previous chunk) ends at
// prev: a key that starts right there has a boundary before it, as keys written end to end do.
func (s *Set) FindAfter(data []byte, prev int) []Match { return s.find(data, prev, false) }

// find returns the keys in data; loose waives the boundary tests, for redacting names.
func (s *Set) find(data []byte, prev int, loose bool) []Match {
	var out []Match
	for off := 0; ; {
		c := s.step(data, off, prev, loose)
		if c.a == nil {
			return out
		}
		off = c.dash + 1
		if c.test == "" {
			out = append(out, Match{Rule: c.a.rule, Start: c.start, End: c.end, Key: string(data[c.start:c.end])})
			off, prev = c.end, c.end
		}
	}
}

// judged is the decision on one candidate: the anchor, where it starts and where its
// prefix's '-' is, and the key's end or the first test it failed (see anchor.judge).
type judged struct {
	a                *anchor
	start, dash, end int
	test, why        string
	n                int
}

// step judges the first candidate whose prefix ends at or after off. A candidate that starts
// where the previous key ended (prev) has a boundary before it: keys written end to end.
func (s *Set) step(data []byte, off, prev int, loose bool) judged {
	a, start, dash := s.nextPrefix(data, off)
	if a == nil {
		return judged{}
	}
	c := judged{a: a, start: start, dash: dash}
	c.end, c.test, c.why, c.n = a.judge(data, start, loose || start == prev, loose)
	if c.test == "" {
		c.end = s.unglue(data, a, start, c.end)
	}
	return c
}

// unglue returns where the key at start really ends when another key follows it with no
// separator ("fastgpt-A…fastgpt-B…"): the first key's run of key characters swallowed the
// second's prefix. A FastGPT app id after the key ("-" and 24 hex) is not a second key.
func (s *Set) unglue(data []byte, a *anchor, start, end int) int {
	bodyStart := start + len(a.prefix)
	for d := bodyStart + 1; d <= end && d < len(data); d++ {
		if data[d] != '-' {
			continue
		}
		if a.rule.AppIDSuffix && appIDEnd(data, d) > d {
			return end
		}
		b, s2 := s.prefixAt(data, d)
		if b == nil || s2 <= bodyStart {
			continue
		}
		if _, test, _, _ := b.judge(data, s2, true, false); test != "" {
			continue
		}
		if e1, test, _, _ := a.judge(data[:s2], start, true, true); test == "" {
			return e1
		}
	}
	return end
}

// nextPrefix returns the first prefix whose final '-' is at or after off, where it starts and
// where its '-' is; a is nil when there is none.
func (s *Set) nextPrefix(data []byte, off int) (a *anchor, start, dash int) {
	if s.dashes != nil {
		return s.nextEndingPrefix(data, off)
	}
	for off < len(data) {
		j := bytes.IndexByte(data[off:], '-')
		if j < 0 {
			break
		}
		dash = off + j
		off = dash + 1
		if dash == 0 {
			continue
		}
		if a, start = s.prefixAt(data, dash); a != nil {
			return a, start, dash
		}
	}
	return nil, 0, 0
}

// nextEndingPrefix is nextPrefix for few prefix endings: it looks only at the '-' that end
// one, which in code (where '-' stands every few hundred bytes) are few of them all.
func (s *Set) nextEndingPrefix(data []byte, off int) (a *anchor, start, dash int) {
	for from := max(off-2, 0); from < len(data); {
		j := s.dashes.Index(data[from:])
		if j < 0 {
			break
		}
		dash = from + j + 2
		from = dash - 1
		if a, start = s.prefixAt(data, dash); a != nil {
			return a, start, dash
		}
	}
	return nil, 0, 0
}

// ContainsPrefix reports whether text holds one of the set's prefixes, at a cost that does
// not grow with their number.
func (s *Set) ContainsPrefix(text string) bool {
	for off := 1; off < len(text); {
		j := strings.IndexByte(text[off:], '-')
		if j < 0 {
			return false
		}
		dash := off + j
		off = dash + 1
		if a, _ := s.prefixAtString(text, dash); a != nil {
			return true
		}
	}
	return false
}

// prefixAtString is prefixAt for a string.
func (s *Set) prefixAtString(text string, dash int) (*anchor, int) {
	b := &s.byPrev[text[dash-1]]
	for _, ai := range b.list {
		a := &s.anchors[ai]
		start := dash + 1 - len(a.prefix)
		if start >= 0 && text[start:dash+1] == string(a.prefix) {
			return a, start
		}
	}
	for _, g := range b.byLen {
		start := dash + 1 - g.n
		if start < 0 {
			continue
		}
		if ai, ok := g.m[text[start:dash+1]]; ok {
			return &s.anchors[ai], start
		}
	}
	return nil, 0
}

// prefixAt returns the anchor whose prefix ends with the '-' at dash, longest first, and where it starts.
func (s *Set) prefixAt(data []byte, dash int) (*anchor, int) {
	b := &s.byPrev[data[dash-1]]
	for _, ai := range b.list {
		a := &s.anchors[ai]
		start := dash + 1 - len(a.prefix)
		if start >= 0 && bytes.Equal(data[start:dash+1], a.prefix) {
			return a, start
		}
	}
	for _, g := range b.byLen {
		start := dash + 1 - g.n
		if start < 0 {
			continue
		}
		if ai, ok := g.m[string(data[start:dash+1])]; ok {
			return &s.anchors[ai], start
		}
	}
	return nil, 0
}

// index turns a long list (sorted longest first) into maps by prefix length.
func (b *bucket) index(anchors []anchor) {
	if len(b.list) <= maxBucketList {
		return
	}
	for _, ai := range b.list {
		p := anchors[ai].prefix
		if n := len(b.byLen); n == 0 || b.byLen[n-1].n != len(p) {
			b.byLen = append(b.byLen, lenGroup{n: len(p), m: map[string]int{}})
		}
		b.byLen[len(b.byLen)-1].m[string(p)] = ai
	}
	b.list = nil
}

const appIDLen = 25 // "-" and 24 hex digits

// judge applies the tests to the prefix at start, in order, and returns the key's end,
// or the name of the first test the candidate fails and why. For the length tests, which
// most candidates fail, why is "" and n is the length that failed: the sentence is only
// built when Explain asks for it (see reason).
//
// freeStart waives the boundary before the prefix and freeEnd the one after the body.
func (a *anchor) judge(data []byte, start int, freeStart, freeEnd bool) (end int, test, why string, n int) {
	if !freeStart && !boundaryBefore(data, start) {
		return 0, TestBoundaryBefore, "the prefix sits inside a word, an identifier, a dotted or dashed name or a base64 run", 0
	}
	bodyStart := start + len(a.prefix)
	end = a.scanBody(data, bodyStart)
	if end-bodyStart > MaxBody {
		return 0, TestTooLong, "longer than any key: part of a larger blob", 0
	}
	if !freeEnd && end < len(data) && !boundaryAfter(data, start, end) {
		return 0, TestBoundaryAfter, "runs on into a word, a mask or a template", 0
	}
	for end > bodyStart && !isAlnum(data[end-1]) {
		end--
	}
	body := data[bodyStart:end]
	if len(body) == 0 || !isAlnum(body[0]) {
		return 0, TestBodyStart, "no key body: a placeholder, template or pattern", 0
	}
	if !a.rule.fits(len(body)) {
		return 0, TestLength, "", len(body)
	}
	if n := labelLen(body); a.rule.Random && n > 0 && !a.rule.fits(len(body)-n) {
		return 0, TestLabel, "", len(body) - n
	}
	if hexHash(body) {
		return 0, TestHash, "lower-case hex of a hash's length (MD5 or UUID 32, SHA-1 40, SHA-256 64): a commit, content hash or id", 0
	}
	if a.rule.Random {
		if test, why := randomness(string(body)); test != "" {
			return 0, test, why, 0
		}
	}
	if a.rule.AppIDSuffix {
		end = appIDEnd(data, end)
	}
	return end, "", "", 0
}

// reason is the sentence for a length test that judge left unsaid, or why as it is.
func (a *anchor) reason(test, why string, n int) string {
	switch test {
	case TestLength:
		return lengthWhy(a.rule, n)
	case TestLabel:
		return fmt.Sprintf("a word label and a random part of %d characters; %s bodies are %s", n, a.rule.ID, a.rule.bands())
	}
	return why
}

// scanBody returns the end of the run of alphabet bytes at bodyStart, stopping one past MaxBody.
func (a *anchor) scanBody(data []byte, bodyStart int) int {
	limit := min(len(data), bodyStart+MaxBody+1)
	j := bodyStart
	for j < limit && a.alpha[data[j]] {
		j++
	}
	return j
}

// labelLen is the length of the lower-case words and their separators that start a body
// ("admin-" in "admin-7x9mK2pQ"): a name chosen by a person, which adds nothing to a key's randomness.
func labelLen(body []byte) int {
	n := 0
	for {
		i := n
		for i < len(body) && body[i] >= 'a' && body[i] <= 'z' {
			i++
		}
		if i-n < 3 || i-n > 12 || i >= len(body) || !isSeparator(body[i]) || !pronounceable(string(body[n:i])) {
			return n
		}
		n = i + 1
	}
}

func isSeparator(b byte) bool { return b == '-' || b == '_' || b == '.' }

// hexHash reports a body that is exactly an MD5 or dashless UUID, a SHA-1 or a SHA-256 in
// lower-case hex, as tools write them.
func hexHash(body []byte) bool {
	if len(body) != 32 && len(body) != 40 && len(body) != 64 {
		return false
	}
	for _, c := range body {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// appIDEnd extends a key that is followed by "-" and a 24-hex application id.
func appIDEnd(data []byte, end int) int {
	if end+appIDLen > len(data) || data[end] != '-' {
		return end
	}
	for _, c := range data[end+1 : end+appIDLen] {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return end
		}
	}
	if end+appIDLen < len(data) && isWordByte(data[end+appIDLen]) {
		return end
	}
	return end + appIDLen
}

// boundaryBefore reports whether a key may start at i: not inside a word, an identifier,
// a dotted or dashed name, or a base64 run. A backslash escape (\n, \t) and a URL escape
// (%22, %20: a quote or space in a query string or a logged request) count as boundaries.
func boundaryBefore(data []byte, i int) bool {
	if i == 0 {
		return true
	}
	b := data[i-1]
	if isWordByte(b) || b == '-' || b == '.' || b == '+' {
		if isLetter(b) && i >= 2 && data[i-2] == '\\' && (i < 3 || data[i-3] != '\\') {
			return true
		}
		return i >= 3 && data[i-3] == '%' && isHex(data[i-2]) && isHex(data[i-1])
	}
	return true
}

// boundaryAfter reports whether the byte at end may follow the key that starts at start.
// A '*' marks a mask ("gp-abcd****"), unless the key is wrapped in Markdown emphasis ("**gp-…**").
func boundaryAfter(data []byte, start, end int) bool {
	b := data[end]
	switch {
	case isWordByte(b):
		return false
	case b == '*':
		return start > 0 && data[start-1] == '*'
	case b == 0xE2 && end+2 < len(data) && data[end+1] == 0x80 && data[end+2] == 0xA6: // "…"
		return false
	}
	return true
}

func isLetter(b byte) bool   { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }
func isDigit(b byte) bool    { return b >= '0' && b <= '9' }
func isAlnum(b byte) bool    { return isLetter(b) || isDigit(b) }
func isHex(b byte) bool      { return isDigit(b) || b >= 'a' && b <= 'f' || b >= 'A' && b <= 'F' }
func isWordByte(b byte) bool { return isAlnum(b) || b == '_' }
