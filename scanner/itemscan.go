package scanner

import (
	"context"

	"github.com/keylint/keylint/scanner/decode"

	"github.com/keylint/keylint/scanner/source"
)

// itemScan is what Scan holds for one item, made in one allocation rather than one for each
// part (a scan of a folder makes one per file).
type itemScan struct {
	s       *Scanner
	loc     source.Location
	ctx     slotContext
	slot    zipSlot
	w       watch
	budget  decode.Budget
	counted countedReadCloser
	out     []Finding
	checked bool // the checks ran on the file held whole
	dropped int  // findings past Scanner.maxFindings
}

// emit adds a finding, or counts it past the limit.
func (st *itemScan) emit(f Finding) {
	if len(st.out) >= st.s.maxFindings {
		st.dropped++
		return
	}
	st.out = append(st.out, f)
}

// whole runs the checks on the file held whole: on the same bytes, with no second read.
// The checks are chosen as Scanner.wanted chooses them, from the keys found before any ran,
// without the list wanted makes: this runs for most files.
func (st *itemScan) whole(data []byte) {
	keys := len(st.out) > 0
	for _, c := range st.s.checks {
		if wants(c, st.loc, keys) {
			st.out = c.Check(st.loc, data, st.out)
		}
	}
	st.checked = true
}

// slotContext is context.WithValue(ctx, zipSlotKey{}, slot), made inside itemScan.
type slotContext struct {
	context.Context
	slot *zipSlot
}

// Value returns the item's zip slot for zipSlotKey and asks the parent for other keys.
func (c *slotContext) Value(key any) any {
	if _, ok := key.(zipSlotKey); ok {
		return c.slot
	}
	return c.Context.Value(key)
}
