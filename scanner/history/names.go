package history

import (
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/source"
)

// nameState gathers the keys found in names as the walk goes: the first commit (by
// author date) that adds each, so that nothing per commit is kept for them.
type nameState struct {
	byFP  map[string]*nameFirst
	order []string
}

type nameFirst struct {
	f    scanner.Finding
	when int64
}

// nameChanges looks for keys in the names commit c adds (its changes chs): a path that holds
// a key, where the path is new, and a key in the commit's author name or e-mail (found at
// the commit's first changed path). Names are not blob content, so they are found here,
// once per key and path, and reported by nameFindings.
func (s *scan) nameChanges(c *object.Commit, chs []change) {
	var meta *source.Commit
	commit := func() *source.Commit {
		if meta == nil {
			meta = &source.Commit{SHA: c.Hash.String(), Author: c.Author.Name, Email: c.Author.Email, Date: c.Author.When}
		}
		return meta
	}
	authored := false
	for _, ch := range chs {
		if ch.deleted {
			continue
		}
		if len(ch.old) == 0 {
			for _, f := range s.sc.NameFindings(source.Location{Path: ch.path}) {
				s.names.add(f, commit())
			}
		}
		if !authored {
			authored = true
			for _, f := range s.sc.PersonFindings(source.Location{Path: ch.path}, c.Author.Name, c.Author.Email) {
				s.names.add(f, commit())
			}
		}
	}
}

// add keeps f at commit c unless an earlier commit holds it already.
func (n *nameState) add(f scanner.Finding, c *source.Commit) {
	fp := f.Fingerprint()
	when := c.Date.Unix()
	if old, ok := n.byFP[fp]; ok {
		if when < old.when {
			old.f.Location.Commit, old.when = c, when
		}
		return
	}
	if n.byFP == nil {
		n.byFP = map[string]*nameFirst{}
	}
	f.Location.Commit = c
	n.byFP[fp] = &nameFirst{f, when}
	n.order = append(n.order, fp)
}

// nameFindings reports the keys nameChanges found.
func (s *scan) nameFindings(head plumbing.Hash) {
	if len(s.names.order) == 0 {
		return
	}
	inHead := s.headNames(head)
	for _, fp := range s.names.order {
		e := s.names.byFP[fp]
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
