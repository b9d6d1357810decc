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

// maxCheckBytes bounds how much of a file a Check is shown.
const maxCheckBytes = 64 << 20

// applyChecks hands a file's findings to each check that applies to it.
func (s *Scanner) applyChecks(ctx context.Context, it source.Item, found []Finding) ([]Finding, error) {
	var data []byte
	for _, c := range s.checks {
		if !c.Applies(it.Location) {
			continue
		}
		if data == nil {
			rc, err := it.Open()
			if err != nil {
				return found, err
			}
			data, err = io.ReadAll(io.LimitReader(rc, maxCheckBytes))
			rc.Close()
			if err != nil {
				return found, fmt.Errorf("reading for checks: %w", err)
			}
		}
		if err := ctx.Err(); err != nil {
			return found, err
		}
		found = c.Check(it.Location, data, found)
	}
	return found, nil
}
