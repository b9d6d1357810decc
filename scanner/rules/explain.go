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
	for off := 0; ; {
		a, start, dash := s.nextPrefix(data, off)
		if a == nil {
			break
		}
		off = dash + 1
		end, test, why, n := a.judge(data, start)
		if test == "" {
			out = append(out, Verdict{Rule: a.rule, Start: start, End: end, Why: "a key of " + a.rule.ID + ": every test passed"})
			off = end
			continue
		}
		out = append(out, Verdict{Rule: a.rule, Start: start, End: a.scanBody(data, start+len(a.prefix)), Test: test, Why: a.reason(test, why, n)})
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
