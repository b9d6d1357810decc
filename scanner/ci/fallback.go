package ci

import "fmt"

// ScanWithFallback calls scan with p and, when scan fails because p's base is not in the
// clone (missing returns the revision an error says is missing, or ""), once more with p's
// Fallback as the base; note hears of the switch. It returns what the last scan returned
// and the plan that was scanned.
func ScanWithFallback[T any](p Plan, scan func(Plan) (T, error), missing func(error) string, note func(string)) (T, Plan, error) {
	for {
		res, err := scan(p)
		if err != nil && p.Fallback != "" && missing(err) == p.Base {
			note(fmt.Sprintf("%s is not in this clone (%s); scanning %s..%s instead", p.Base, p.Reason, p.Fallback, p.Head))
			p.Base, p.Fallback = p.Fallback, ""
			p.Reason += "; old tip missing, scanning the commits not on the default branch"
			continue
		}
		return res, p, err
	}
}
