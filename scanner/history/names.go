package history

import (
	"github.com/go-git/go-git/v5/plumbing"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/source"
)

// nameFindings reports the keys in the names a commit adds: a path that holds a key (at the
// earliest commit that adds it) and a key in a commit's author name or e-mail (at the commit's
// first changed path). Names are not blob content, so they are found here, once per key and path.
func (s *scan) nameFindings(head plumbing.Hash) {
	type first struct {
		f    scanner.Finding
		when int64
	}
	byFP := map[string]*first{}
	var order []string
	add := func(f scanner.Finding, c *source.Commit) {
		fp := f.Fingerprint()
		when := c.Date.Unix()
		if old, ok := byFP[fp]; ok {
			if when < old.when {
				old.f.Location.Commit, old.when = c, when
			}
			return
		}
		f.Location.Commit = c
		byFP[fp] = &first{f, when}
		order = append(order, fp)
	}
	authored := map[int32]bool{}
	for _, ch := range s.changes {
		if ch.deleted {
			continue
		}
		meta := s.meta(ch.commit, false)
		if len(ch.old) == 0 {
			for _, f := range s.sc.NameFindings(source.Location{Path: ch.path}) {
				add(f, meta)
			}
		}
		if !authored[ch.commit] {
			authored[ch.commit] = true
			for _, f := range s.sc.PersonFindings(source.Location{Path: ch.path}, meta.Author, meta.Email) {
				add(f, meta)
			}
		}
	}
	if len(order) == 0 {
		return
	}
	inHead := s.headNames(head)
	for _, fp := range order {
		e := byFP[fp]
		c := *e.f.Location.Commit
		c.Message = s.message(plumbing.NewHash(c.SHA))
		c.StillInHead = inHead[e.f.RuleID+"\x00"+e.f.Secret]
		e.f.Location.Commit = &c
		s.sink(e.f)
	}
}

// headNames lists the keys in the paths of head's tree.
func (s *scan) headNames(head plumbing.Hash) map[string]bool {
	out := map[string]bool{}
	s.eachHeadFile(head, func(path string, _ plumbing.Hash) {
		for _, f := range s.sc.NameFindings(source.Location{Path: path}) {
			out[f.RuleID+"\x00"+f.Secret] = true
		}
	})
	return out
}
