package rules

import "strings"

// Verdict is the decision on one candidate in a text: a key, or the first test it failed.
type Verdict struct {
	// Rule is the rule whose prefix starts the candidate; nil when the text holds no prefix.
	Rule *Rule
	// Start and End are the candidate's byte offsets: the whole key, or the prefix and the body examined.
	Start, End int
	// Test names the first test the candidate failed (one of the Test constants); "" for a key.
	Test string
	// Why says in a sentence why the test decided as it did.
	Why string
}

// Key reports whether the candidate is a key.
func (v Verdict) Key() bool { return v.Rule != nil && v.Test == "" }

// Explain returns a verdict for every candidate in text, in the order Find would meet them, or a
// single TestPrefix verdict when text holds no prefix. Its verdicts are the decisions Find makes.
func (s *Set) Explain(text string) []Verdict {
	data := []byte(text)
	var out []Verdict
	for off, prev := 0, -1; ; {
		c := s.step(data, off, prev, false)
		if c.a == nil {
			break
		}
		off = c.dash + 1
		if c.test == "" {
			out = append(out, Verdict{Rule: c.a.rule, Start: c.start, End: c.end, Why: "a key of " + c.a.rule.ID + ": every test passed"})
			off, prev = c.end, c.end
			continue
		}
		out = append(out, Verdict{Rule: c.a.rule, Start: c.start, End: c.a.scanBody(data, c.start+len(c.a.prefix)), Test: c.test, Why: c.a.reason(c.test, c.why, c.n)})
	}
	if len(out) == 0 {
		out = append(out, Verdict{Start: 0, End: len(data), Test: TestPrefix, Why: "no known prefix (" + prefixList(s.Prefixes()) + ")"})
	}
	return out
}

// prefixList names the first few prefixes, for a message.
func prefixList(ps []string) string {
	if len(ps) > 5 {
		return strings.Join(ps[:5], ", ") + ", …"
	}
	return strings.Join(ps, ", ")
}
