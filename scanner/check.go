package scanner

import (
	"context"
	"fmt"
	"io"

	"github.com/keylint/keylint/scanner/source"
)

// Check looks at a whole file beyond its keys: a .env file's variables, a source
// map's original sources, a bundle's exposure. Checks are immutable values.
type Check interface {
	// Applies reports whether the check wants to see the item at loc.
	Applies(loc source.Location) bool
	// Check returns the findings for the file: the keys found in it (which it may
	// amend or drop) and any findings of its own.
	Check(loc source.Location, data []byte, found []Finding) []Finding
}

// KeyCheck is a Check with nothing to do in a file where no key was found.
type KeyCheck interface {
	Check
	NeedsKeys() bool
}

// maxCheckBytes bounds how much of a file a Check is shown.
const maxCheckBytes = 64 << 20

// wanted returns the checks that want to see a file with the given findings.
func (s *Scanner) wanted(loc source.Location, found []Finding) []Check {
	var out []Check
	for _, c := range s.checks {
		if kc, ok := c.(KeyCheck); ok && kc.NeedsKeys() && len(found) == 0 {
			continue
		}
		if c.Applies(loc) {
			out = append(out, c)
		}
	}
	return out
}

// runChecks hands a file's bytes and findings to each check in turn.
func runChecks(checks []Check, loc source.Location, data []byte, found []Finding) []Finding {
	for _, c := range checks {
		found = c.Check(loc, data, found)
	}
	return found
}

// recheck reads an item again for the checks that want it, when the scan did not
// hold the file whole in memory (a large file, an archive).
func (s *Scanner) recheck(ctx context.Context, it source.Item, checks []Check, found []Finding) ([]Finding, error) {
	rc, err := it.Open()
	if err != nil {
		return found, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxCheckBytes))
	if err != nil {
		return found, fmt.Errorf("reading for checks: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return found, err
	}
	return runChecks(checks, it.Location, data, found), nil
}
