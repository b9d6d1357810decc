package envfile

import (
	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/rules"
)

// DropCovered merges each public-env-key finding into the key finding at the same place
// and key: one finding, under the key's rule, marked Public so that it carries the advice
// that fits, instead of two. Run it after the disabled rules are dropped, so that disabling
// public-env-key leaves the key finding as it was.
func DropCovered(found []scanner.Finding) []scanner.Finding {
	type spot struct {
		loc          string
		line, column int
		secret       string
	}
	public := map[spot]string{} // the public-env-key finding's message, by place
	for _, f := range found {
		if f.RuleID == rules.PublicEnvKey && f.Secret != "" {
			public[spot{f.Location.Display(), f.Line, f.Column, f.Secret}] = f.Message
		}
	}
	if len(public) == 0 {
		return found
	}
	merged := map[spot]bool{}
	for i := range found {
		f := &found[i]
		at := spot{f.Location.Display(), f.Line, f.Column, f.Secret}
		if msg, ok := public[at]; ok && f.RuleID != rules.PublicEnvKey && f.Rule != nil && !f.Rule.Check {
			f.Public, f.Message = true, msg
			merged[at] = true
		}
	}
	out := found[:0]
	for _, f := range found {
		if f.RuleID == rules.PublicEnvKey && merged[spot{f.Location.Display(), f.Line, f.Column, f.Secret}] {
			continue
		}
		out = append(out, f)
	}
	return out
}
