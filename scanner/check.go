package scanner

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/keylint/keylint/internal/trigram"
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

// KeywordCheck is a Check with nothing to do in a file that holds no key and none of its keywords.
type KeywordCheck interface {
	Check
	Keywords() [][]byte
}

// PlaceCheck is a Check that decides from the findings and their locations alone, so a
// file is not read again for it: NeedsBytes false means Check is given nil bytes.
type PlaceCheck interface {
	Check
	NeedsBytes() bool
}

// needBytes reports whether one of checks reads the file's bytes.
func needBytes(checks []Check) bool {
	for _, c := range checks {
		if pc, ok := c.(PlaceCheck); !ok || pc.NeedsBytes() {
			return true
		}
	}
	return false
}

// maxCheckBytes bounds how much of a file a Check is shown.
const maxCheckBytes = 64 << 20

// wanted returns the checks that want to see a file with the given findings.
func (s *Scanner) wanted(loc source.Location, found []Finding) []Check {
	var out []Check
	for _, c := range s.checks {
		if wants(c, loc, len(found) > 0) {
			out = append(out, c)
		}
	}
	return out
}

// wants reports whether check c wants to see the file at loc, which holds keys when keys is set.
func wants(c Check, loc source.Location, keys bool) bool {
	if kc, ok := c.(KeyCheck); ok && kc.NeedsKeys() && !keys {
		return false
	}
	return c.Applies(loc)
}

// runChecks hands a file's bytes and findings to each check in turn.
func runChecks(checks []Check, loc source.Location, data []byte, found []Finding) []Finding {
	for _, c := range checks {
		found = c.Check(loc, data, found)
	}
	return found
}

// recheck reads an item again for the checks that want it, when the scan did not
// hold the file whole in memory (a large file, an archive). Where every check names
// keywords and no key was found, a first pass through a reused buffer looks for them, so that a large
// file without them costs no allocation, unless holds says the scan saw one already.
func (s *Scanner) recheck(ctx context.Context, it source.Item, checks []Check, found []Finding, holds bool) ([]Finding, error) {
	if !needBytes(checks) {
		return runChecks(checks, it.Location, nil, found), nil
	}
	if kws, ok := keywords(checks); ok && len(found) == 0 && !holds {
		has, err := s.holdsAny(it, kws)
		if err != nil || !has {
			return found, err
		}
	}
	rc, err := it.Open()
	if err != nil {
		return found, err
	}
	defer rc.Close()
	data, err := readAll(rc, maxCheckBytes)
	if err != nil {
		return found, fmt.Errorf("reading for checks: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return found, err
	}
	return runChecks(checks, it.Location, data, found), nil
}

// keywords gathers the checks' keywords; ok is false when a check names none.
func keywords(checks []Check) (kws [][]byte, ok bool) {
	for _, c := range checks {
		kc, is := c.(KeywordCheck)
		if !is {
			return nil, false
		}
		kws = append(kws, kc.Keywords()...)
	}
	return kws, len(kws) > 0
}

// holdsAny reports whether the item's bytes hold one of kws.
func (s *Scanner) holdsAny(it source.Item, kws [][]byte) (bool, error) {
	rc, err := it.Open()
	if err != nil {
		return false, err
	}
	defer rc.Close()
	bp := s.bufs.Get().(*[]byte)
	defer s.bufs.Put(bp)
	buf := *bp
	overlap := 0
	for _, k := range kws {
		overlap = max(overlap, len(k)-1)
	}
	n := 0
	for {
		m, err := fill(rc, buf[n:])
		n += m
		for _, k := range kws {
			if bytes.Contains(buf[:n], k) {
				return true, nil
			}
		}
		if err == io.EOF {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		keep := min(overlap, n)
		n = copy(buf, buf[n-keep:n])
	}
}

// CommitCheck is a Check that also sees, in a git history scan, the findings each commit
// introduced into a file: what it adds can depend on the commit (a .env file committed).
type CommitCheck interface {
	Check
	// Introduced returns the findings commit loc.Commit introduced into the file at loc,
	// which it may amend or drop, and any findings of its own.
	Introduced(loc source.Location, found []Finding) []Finding
}

// Introduced hands the findings a commit introduced into the file at loc to the scanner's
// commit checks that apply to it.
func (s *Scanner) Introduced(loc source.Location, found []Finding) []Finding {
	for _, c := range s.checks {
		if cc, ok := c.(CommitCheck); ok && cc.Applies(loc) {
			found = cc.Introduced(loc, found)
		}
	}
	return found
}

// readAll reads at most limit bytes of rc, in one allocation when rc knows its size.
func readAll(rc io.Reader, limit int64) ([]byte, error) {
	f := fileOf(rc)
	if f == nil {
		return io.ReadAll(io.LimitReader(rc, limit))
	}
	lr := io.LimitReader(rc, limit)
	// Room past the size, so that the read that finds the end needs no copy.
	data := make([]byte, 0, min(f.Size(), limit)+512)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)] // the file grew since it was opened
		}
		n, err := lr.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return data, err
		}
	}
}

// watch records whether a text holds one of the keywords of the checks that look at a
// file even when it holds no key, so that a file too large to hold whole is not read a
// second time for checks that would find nothing.
type watch struct {
	s        *Scanner
	loc      source.Location
	ready    bool           // keywords has been set
	keywords [][]byte       // nil: some check names none, so the file is read again all the same
	search   *trigram.Words // finds keywords
	seen     bool           // a keyword stood in a chunk
	complete bool           // the text was read to its end as text
}

// look notes the keywords in one chunk; chunks overlap by more than a keyword's length.
func (w *watch) look(chunk []byte) {
	if w == nil || w.seen {
		return
	}
	if !w.ready {
		// Only a text too large for one chunk gets here: the checks are asked once for it.
		w.ready = true
		if cs := w.s.wanted(w.loc, nil); len(cs) > 0 {
			w.keywords, _ = keywords(cs)
			w.search = trigram.NewWords(w.keywords)
		}
	}
	if w.keywords != nil && w.search.In(chunk) {
		w.seen = true
	}
}

// nothingToCheck reports whether the text was read whole, holds none of the keywords, and
// every check that looks at a file without keys names some.
func (w *watch) nothingToCheck() bool {
	return w.complete && !w.seen && w.keywords != nil
}
