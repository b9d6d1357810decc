package history

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/filesystem/dotgit"
)

// minShortSHA is the fewest hex digits git accepts as an abbreviated object name.
const minShortSHA = 4

// revStep is one suffix of a revision: the n-th parent (^n, ^0 is the commit itself) or the n-th first-parent ancestor (~n).
type revStep struct {
	tilde bool
	n     int
}

// resolveRevision turns a revision into the commit it names, as git rev-parse does for HEAD (or @),
// a full SHA, a ref (NAME, refs/NAME, refs/tags/NAME, refs/heads/NAME, refs/remotes/NAME,
// refs/remotes/NAME/HEAD), a unique short SHA, annotated tags (peeled), and the suffixes
// ~, ~n, ^, ^n, ^{} and ^{commit}. It reads refs and objects straight from storage, so it also
// works in repositories whose configuration go-git would refuse (an unknown extension).
func resolveRevision(st *filesystem.Storage, rev string) (plumbing.Hash, error) {
	base, steps, err := parseRevision(rev)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	h, err := resolveBase(st, base)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if h, err = peelCommit(st, h); err != nil {
		return plumbing.ZeroHash, err
	}
	for _, s := range steps {
		if h, err = stepRevision(st, h, s); err != nil {
			return plumbing.ZeroHash, err
		}
	}
	return h, nil
}

// parseRevision splits a revision into its base (a name or SHA) and its ~ and ^ suffixes.
func parseRevision(rev string) (string, []revStep, error) {
	i := strings.IndexAny(rev, "~^")
	if i < 0 {
		i = len(rev)
	}
	base, rest := rev[:i], rev[i:]
	if base == "" {
		return "", nil, fmt.Errorf("revision %q: no name before its suffixes", rev)
	}
	var steps []revStep
	for rest != "" {
		op := rest[0]
		rest = rest[1:]
		if op == '^' && strings.HasPrefix(rest, "{") {
			inner, after, ok := strings.Cut(rest[1:], "}")
			if !ok || (inner != "" && inner != "commit") {
				return "", nil, fmt.Errorf("revision %q: only ^{} and ^{commit} are supported among ^{...}", rev)
			}
			steps, rest = append(steps, revStep{}), after // ^0: the commit itself
			continue
		}
		if op != '^' && op != '~' {
			return "", nil, fmt.Errorf("revision %q: unexpected %q after a suffix", rev, op)
		}
		j := 0
		for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
			j++
		}
		n := 1
		if j > 0 {
			var err error
			if n, err = strconv.Atoi(rest[:j]); err != nil {
				return "", nil, fmt.Errorf("revision %q: %w", rev, err)
			}
		}
		steps, rest = append(steps, revStep{tilde: op == '~', n: n}), rest[j:]
	}
	return base, steps, nil
}

// resolveBase finds the object a revision's base names: a full SHA, else a ref, else a unique short SHA.
func resolveBase(st *filesystem.Storage, name string) (plumbing.Hash, error) {
	if name == "@" {
		name = "HEAD"
	}
	if len(name) == hex.EncodedLen(len(plumbing.ZeroHash)) && isHex(name) {
		return plumbing.NewHash(name), nil
	}
	var refErr error
	if validRefName(name) {
		// The names git rev-parse tries for a ref, in its order.
		for _, rule := range [...]string{"%s", "refs/%s", "refs/tags/%s", "refs/heads/%s", "refs/remotes/%s", "refs/remotes/%s/HEAD"} {
			ref, err := storer.ResolveReference(st, plumbing.ReferenceName(fmt.Sprintf(rule, name)))
			if err == nil {
				return ref.Hash(), nil
			}
			// A name outside refs/ that is no pseudo-ref (HEAD, FETCH_HEAD) cannot name a ref: not an error.
			if refErr == nil && !errors.Is(err, plumbing.ErrReferenceNotFound) && !errors.Is(err, dotgit.ErrReferenceNameEscape) {
				refErr = fmt.Errorf("reading ref %s: %w", fmt.Sprintf(rule, name), err)
			}
		}
	}
	if len(name) >= minShortSHA && isHex(name) {
		h, err := resolveShortSHA(st, strings.ToLower(name))
		if err == nil || !errors.Is(err, plumbing.ErrObjectNotFound) {
			return h, err
		}
	}
	if refErr != nil {
		return plumbing.ZeroHash, refErr
	}
	return plumbing.ZeroHash, plumbing.ErrReferenceNotFound
}

// resolveShortSHA finds the one object, among packed and loose ones, whose SHA starts with prefix
// (lower-case hex); when several do, the one commit (or tag of a commit) among them wins, as in git.
func resolveShortSHA(st *filesystem.Storage, prefix string) (plumbing.Hash, error) {
	whole, err := hex.DecodeString(prefix[:len(prefix)&^1])
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("short SHA %s: %w", prefix, err)
	}
	all, err := st.HashesWithPrefix(whole)
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("looking up short SHA %s: %w", prefix, err)
	}
	var found []plumbing.Hash
	for _, h := range all {
		if strings.HasPrefix(h.String(), prefix) {
			found = append(found, h)
		}
	}
	if len(found) > 1 {
		var commits []plumbing.Hash
		for _, h := range found {
			if _, err := peelCommit(st, h); err == nil {
				commits = append(commits, h)
			}
		}
		if len(commits) != 1 {
			return plumbing.ZeroHash, fmt.Errorf("short SHA %s is ambiguous: %d objects start with it", prefix, len(found))
		}
		found = commits
	}
	if len(found) == 0 {
		return plumbing.ZeroHash, plumbing.ErrObjectNotFound
	}
	return found[0], nil
}

// stepRevision applies one suffix to the commit h.
func stepRevision(st *filesystem.Storage, h plumbing.Hash, s revStep) (plumbing.Hash, error) {
	if !s.tilde && s.n == 0 {
		return h, nil
	}
	times, nth := 1, s.n
	if s.tilde {
		times, nth = s.n, 1
	}
	for range times {
		o, err := st.EncodedObject(plumbing.CommitObject, h)
		if err != nil {
			return plumbing.ZeroHash, fmt.Errorf("commit %s: %w", h, err)
		}
		c, err := object.DecodeCommit(st, o)
		if err != nil {
			return plumbing.ZeroHash, fmt.Errorf("commit %s: %w", h, err)
		}
		if len(c.ParentHashes) < nth {
			return plumbing.ZeroHash, fmt.Errorf("commit %s has %d parents, not a parent number %d", h, len(c.ParentHashes), nth)
		}
		h = c.ParentHashes[nth-1]
	}
	return h, nil
}

// objectGetter reads objects: a go-git storage, or a history scan's pack readers.
type objectGetter interface {
	EncodedObject(plumbing.ObjectType, plumbing.Hash) (plumbing.EncodedObject, error)
}

// peelCommit follows annotated tags from h to the commit they name.
func peelCommit(st objectGetter, h plumbing.Hash) (plumbing.Hash, error) {
	for range 16 {
		o, err := st.EncodedObject(plumbing.AnyObject, h)
		if err != nil {
			return plumbing.ZeroHash, fmt.Errorf("object %s: %w", h, err)
		}
		switch o.Type() {
		case plumbing.CommitObject:
			return h, nil
		case plumbing.TagObject:
			t := &object.Tag{}
			if err := t.Decode(o); err != nil {
				return plumbing.ZeroHash, fmt.Errorf("tag %s: %w", h, err)
			}
			h = t.Target
		default:
			return plumbing.ZeroHash, fmt.Errorf("%s is a %s, not a commit", h, o.Type())
		}
	}
	return plumbing.ZeroHash, fmt.Errorf("tag %s: too many levels of tags", h)
}

// validRefName reports whether name could be a ref git accepts, which also keeps lookups inside the git folder.
func validRefName(name string) bool {
	if name == "" || name == "@" || strings.HasPrefix(name, "/") || strings.HasPrefix(name, "-") ||
		strings.HasSuffix(name, "/") || strings.HasSuffix(name, ".") || strings.HasSuffix(name, ".lock") ||
		strings.Contains(name, "..") || strings.Contains(name, "//") || strings.Contains(name, "@{") ||
		strings.Contains(name, "/.") || strings.HasPrefix(name, ".") {
		return false
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f || strings.ContainsRune(" ~^:?*[\\", r) {
			return false
		}
	}
	return true
}

func isHex(s string) bool {
	for _, c := range []byte(s) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
