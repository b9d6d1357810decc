package history

import (
	"github.com/go-git/go-git/v5/plumbing"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/source"
)

// secretKey identifies a key within one file for the comparison with a parent.
func secretKey(f *scanner.Finding) string {
	return f.RuleID + "\x00" + f.Secret + "\x00" + f.Message + "\x00" + f.Location.Member
}

// blobFindings returns the findings of a blob, scanning it now if the walk did not.
func (s *scan) blobFindings(found map[plumbing.Hash][]scanner.Finding, h plumbing.Hash, path string) []scanner.Finding {
	if fs, ok := found[h]; ok || s.pool.seen[h] {
		return fs
	}
	r := scanBlob(s, s.st, s.objs, blobJob{hash: h, path: path})
	s.pool.seen[h] = true
	found[h] = r.findings
	if len(r.findings) > 0 || r.err != nil {
		s.pool.results = append(s.pool.results, r)
	}
	return r.findings
}

// attribute reports, for every blob with findings, the keys each commit that added the blob introduced.
func (s *scan) attribute(head plumbing.Hash) {
	found := s.pool.found()
	if len(found) == 0 {
		return
	}
	// The commits' removed blobs, for renames.
	removed := map[int32][]plumbing.Hash{}
	for _, ch := range s.changes {
		if ch.deleted {
			removed[ch.commit] = append(removed[ch.commit], ch.blob)
		}
	}
	inHead := s.headSecrets(head, found)
	for _, ch := range s.changes {
		fs := found[ch.blob]
		if ch.deleted || len(fs) == 0 {
			continue
		}
		before := map[string]bool{}
		for _, o := range append(clip(ch.old), removed[ch.commit]...) {
			for _, f := range s.blobFindings(found, o, ch.path) {
				before[secretKey(&f)] = true
			}
		}
		var meta *source.Commit
		for _, f := range fs {
			if before[secretKey(&f)] {
				continue
			}
			if meta == nil {
				meta = s.meta(ch.commit, true)
			}
			c := *meta
			c.StillInHead = inHead[f.RuleID+"\x00"+f.Secret+"\x00"+f.Message]
			f.Location.Path = ch.path
			f.Location.Commit = &c
			s.sink(f)
		}
	}
}

func clip(h []plumbing.Hash) []plumbing.Hash { return h[:len(h):len(h)] }

// headSecrets lists the keys found anywhere in head's tree.
func (s *scan) headSecrets(head plumbing.Hash, found map[plumbing.Hash][]scanner.Finding) map[string]bool {
	out := map[string]bool{}
	if head.IsZero() {
		return out
	}
	c, err := s.commit(head)
	if err != nil {
		return out
	}
	s.diff(head.String(), "", c.TreeHash, plumbing.ZeroHash, func(path string, b, _ plumbing.Hash) {
		for _, f := range found[b] {
			out[f.RuleID+"\x00"+f.Secret+"\x00"+f.Message] = true
		}
	})
	return out
}
