package history

import (
	"github.com/go-git/go-git/v5/plumbing"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/source"
)

// keyOf identifies a finding within one file for the comparison with a parent: a key by
// its rule, key and archive member (not its line, which edits move); a finding without a
// key by the line of code it is about (its message names the path, which a rename changes).
func keyOf(f *scanner.Finding) string {
	if f.Secret != "" {
		return f.RuleID + "\x00" + f.Secret + "\x00" + f.Location.Member
	}
	what := f.Context
	if what == "" {
		what = f.Message
	}
	return f.RuleID + "\x00\x00" + what + "\x00" + f.Location.Member
}

// introduced returns the findings of a blob at path that none of the blobs before holds
// (the parents' blobs at path and the files the commit removed), placed at path.
func (s *scan) introduced(found []scanner.Finding, before []plumbing.Hash, path string) []scanner.Finding {
	had := map[string]bool{}
	for _, o := range before {
		for _, f := range s.pool.findings(o, path) {
			had[keyOf(&f)] = true
		}
	}
	var out []scanner.Finding
	for _, f := range found {
		if had[keyOf(&f)] {
			continue
		}
		f.Location.Path, f.Location.Blob, f.Location.Tree, f.Location.Commit = path, "", nil, nil
		out = append(out, f)
	}
	return out
}

// atCommit places the findings a commit introduced into one file at the commit, and adds
// the findings of the commit checks.
func (s *scan) atCommit(fs []scanner.Finding, c *source.Commit, stillInHead map[string]bool) []scanner.Finding {
	for i := range fs {
		at := *c
		at.StillInHead = stillInHead[keyOf(&fs[i])]
		fs[i].Location.Commit = &at
	}
	return s.sc.Introduced(source.Location{Path: fs[0].Location.Path, Commit: c}, fs)
}

// attribute reports, for every blob with findings, the keys each commit that added the blob introduced.
func (s *scan) attribute(head plumbing.Hash) {
	found := s.pool.found
	if len(found) == 0 {
		return
	}
	// The removed blobs of the commits that add a found blob, for renames.
	removed := s.removedBy(found)
	inHead := s.headSecrets(head, found)
	adds := func(ch change) bool { return !ch.deleted && len(found[ch.blob]) > 0 }
	for ch := range s.changes(adds) {
		if !adds(ch) {
			continue
		}
		fs := s.pool.findingsAt(ch.blob, ch.path, ch.commit)
		if fs := s.introduced(fs, append(clip(ch.old), removed[ch.commit]...), ch.path); len(fs) > 0 {
			for _, f := range s.atCommit(fs, s.meta(ch.commit, true), inHead) {
				s.sink(f)
			}
		}
	}
}

func clip(h []plumbing.Hash) []plumbing.Hash { return h[:len(h):len(h)] }

// headSecrets lists the findings anywhere in head's tree, by keyOf.
func (s *scan) headSecrets(head plumbing.Hash, found map[plumbing.Hash][]scanner.Finding) map[string]bool {
	out := map[string]bool{}
	s.eachHeadFile(head, func(_ string, b plumbing.Hash) {
		for _, f := range found[b] {
			out[keyOf(&f)] = true
		}
	})
	return out
}

// eachHeadFile calls fn for every file of head's tree (none when head is zero or unreadable).
func (s *scan) eachHeadFile(head plumbing.Hash, fn func(path string, blob plumbing.Hash)) {
	if head.IsZero() {
		return
	}
	c, err := s.commit(head)
	if err != nil {
		return
	}
	s.diff(head, "", c.TreeHash, plumbing.ZeroHash, func(path string, b, _ plumbing.Hash) { fn(path, b) })
}
