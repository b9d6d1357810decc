package fleet

import (
	"fmt"
	"sort"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// project names the project a repository belongs to, so forks share one blob set: the root
// commit reached from HEAD (or, without HEAD, the first branch) by first parents. A repository
// with no commits is its own project.
func project(gitDir string, r Repo) (string, error) {
	repo, err := git.PlainOpenWithOptions(gitDir, &git.PlainOpenOptions{EnableDotGitCommonDir: true})
	if err != nil {
		return "", fmt.Errorf("opening %s: %w", gitDir, err)
	}
	start, ok := headish(repo)
	if !ok {
		return "repo-" + r.ID(), nil
	}
	h := start
	for range 10_000_000 {
		c, err := repo.CommitObject(h)
		if err != nil {
			return "", fmt.Errorf("finding the root commit of %s: %w", r.Spec, err)
		}
		if len(c.ParentHashes) == 0 {
			return h.String(), nil
		}
		h = c.ParentHashes[0]
	}
	return start.String(), nil
}

// headish is the commit HEAD names, or the first branch's (by name), or the first tag's.
func headish(repo *git.Repository) (plumbing.Hash, bool) {
	if ref, err := repo.Head(); err == nil {
		if c, err := peel(repo, ref.Hash()); err == nil {
			return c, true
		}
	}
	iter, err := repo.References()
	if err != nil {
		return plumbing.ZeroHash, false
	}
	var names []*plumbing.Reference
	_ = iter.ForEach(func(r *plumbing.Reference) error {
		if r.Type() == plumbing.HashReference && (r.Name().IsBranch() || r.Name().IsTag()) {
			names = append(names, r)
		}
		return nil
	})
	sort.Slice(names, func(i, j int) bool {
		if names[i].Name().IsBranch() != names[j].Name().IsBranch() {
			return names[i].Name().IsBranch()
		}
		return names[i].Name() < names[j].Name()
	})
	for _, r := range names {
		if c, err := peel(repo, r.Hash()); err == nil {
			return c, true
		}
	}
	return plumbing.ZeroHash, false
}

func peel(repo *git.Repository, h plumbing.Hash) (plumbing.Hash, error) {
	for range 16 {
		o, err := repo.Object(plumbing.AnyObject, h)
		if err != nil {
			return h, err
		}
		switch o := o.(type) {
		case *object.Commit:
			return o.Hash, nil
		case *object.Tag:
			h = o.Target
		default:
			return h, fmt.Errorf("%s is not a commit", h)
		}
	}
	return h, fmt.Errorf("tag chain too long at %s", h)
}
