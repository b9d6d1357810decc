package history

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/gitrepo"
	"github.com/keylint/keylint/scanner/source"
)

// scan is one run of Scan.
type scan struct {
	ctx   context.Context
	sc    *scanner.Scanner
	opt   Options
	lay   Layout
	st    *filesystem.Storage
	stats *Stats
	sink  func(scanner.Finding)
	noted map[string]bool

	pool  *pool
	packs *packs     // the pack indexes a history walk reads through, nil for --staged
	objs  *objReader // the walk's own reader over packs
	// changeLog and commitLog record the walk for attribution (changes.go).
	changeLog, commitLog spillLog
	ncommits             int32
	recBuf               []byte            // record's buffer
	pending              []*source.Problem // a forked goroutine's troubles, handed back with its visits
	names                nameState
	trees                map[plumbing.Hash]*object.Tree
	// unsorted marks the read trees whose entries are not in git's order (none, from git itself).
	unsorted map[plumbing.Hash]bool
	decoded  map[plumbing.Hash]*object.Commit // parents decoded ahead of their visit
	commits  commitDecoder                    // how this goroutine decodes commits
	raw      map[plumbing.Hash]*rawTree       // the trees diffAt read lately
	rawBytes int                              // their size
}

// meta returns commit idx as reports show it, read again from the repository: the walk
// keeps only the hashes of commits, for the few that are reported. The message is read
// only when withMessage is set.
func (s *scan) meta(idx int32, withMessage bool) *source.Commit {
	h := s.commitHash(idx)
	c := &source.Commit{SHA: h.String()}
	if cc, err := s.commit(h); err == nil {
		c.Author, c.Email, c.Date = cc.Author.Name, cc.Author.Email, cc.Author.When
		if withMessage {
			c.Message = cc.Message
		}
	}
	return c
}

// message reads a commit's message again ("" when it cannot be read: the walk read it once).
func (s *scan) message(h plumbing.Hash) string {
	if c, err := s.commit(h); err == nil {
		return c.Message
	}
	return ""
}

// change is a blob that a commit holds at a path and that differs from all its parents' blobs there,
// or a blob the commit removed (deleted set), which may be the source of a rename.
type change struct {
	commit  int32
	deleted bool
	path    string
	blob    plumbing.Hash
	old     []plumbing.Hash // the parents' blobs at path
}

// history walks commits and attributes the keys found in the blobs they add.
func (s *scan) history() (Summary, error) {
	var sum Summary
	s.packs = openPacks(s.lay)
	defer s.packs.close()
	s.packs.lookUpMany()
	s.objs = newObjReader(s.packs, walkCacheBytes)
	tips, head, exclude, err := s.endpoints(&sum)
	if err != nil {
		return sum, err
	}
	shallow := map[plumbing.Hash]bool{}
	if hs, err := s.st.Shallow(); err != nil {
		s.problem(s.lay.GitDir, fmt.Errorf("reading the shallow file: %w", err))
	} else {
		for _, h := range hs {
			shallow[h] = true
		}
	}
	sum.Shallow = len(shallow) > 0

	if len(s.opt.Exclude) > 0 {
		known := map[plumbing.Hash]bool{}
		for _, x := range s.opt.Exclude {
			if h := plumbing.NewHash(x); s.st.HasEncodedObject(h) == nil {
				known[h] = true
				exclude = append(exclude, h)
			}
		}
		tips = slices.DeleteFunc(tips, func(h plumbing.Hash) bool { return known[h] })
		if len(tips) == 0 {
			exclude = nil // nothing new: no need to walk what the earlier scan walked
		}
	}
	excluded := newObjSet(s.packs)
	if len(exclude) > 0 {
		s.ancestors(exclude, shallow, nil, func(h plumbing.Hash, _ *object.Commit) { excluded.add(h) })
	}

	defer s.changeLog.close()
	defer s.commitLog.close()
	s.pool = newPool(s)
	defer s.pool.readers.close()
	s.trees = map[plumbing.Hash]*object.Tree{}
	var walkErr error
	for v := range s.diffAhead(s.readAhead(tips, shallow, excluded)) {
		for _, p := range v.problems {
			s.problem(p.Path, p.Err)
		}
		for _, p := range v.notes {
			s.noteOnce(p.Path, p.Err)
		}
		if walkErr != nil || v.c == nil {
			continue
		}
		if err := s.ctx.Err(); err != nil {
			walkErr = err
			continue
		}
		h, c := v.h, v.c
		if shallow[h] {
			sum.ShallowBoundary = append(sum.ShallowBoundary, h.String())
		}
		idx := s.addCommit(h)
		s.stats.Commits.Add(1)
		s.commitChanges(idx, c, v.chs)
		// Trees are only worth keeping while the walk is near them; bound the map.
		if len(s.trees) > 1024 {
			clear(s.trees)
			clear(s.unsorted)
		}
	}
	s.pool.close()
	sum.Commits = int(s.ncommits)
	sum.Blobs = s.pool.scannedCount
	if walkErr != nil {
		return sum, walkErr
	}
	s.attribute(head)
	s.nameFindings(head)
	s.pool.report()
	return sum, nil
}

// visit is a commit the read-ahead walk decoded, with its parents, and the troubles met on the way.
type visit struct {
	h        plumbing.Hash
	c        *object.Commit // nil for a visit that only carries problems
	parents  []*object.Commit
	problems []*source.Problem
}

// readAhead walks the commits (ancestors' order) on its own goroutine with its own pack
// reader, decoding each commit and its parents, so that reading commits overlaps the diffs
// of the trees on the caller's goroutine. The caller drains the channel to its end.
func (s *scan) readAhead(tips []plumbing.Hash, shallow map[plumbing.Hash]bool, excluded *objSet) <-chan visit {
	out := make(chan visit, 256)
	w := s.fork(readAheadCacheBytes)
	w.decoded = map[plumbing.Hash]*object.Commit{}
	w.commits = commitDecoder{lean: true} // the walk uses neither committers nor messages
	go func() {
		defer close(out)
		defer w.st.Close()
		w.ancestors(tips, shallow, excluded, func(h plumbing.Hash, c *object.Commit) {
			v := visit{h: h, c: c}
			if !shallow[h] {
				for _, ph := range c.ParentHashes {
					p, err := w.commit(ph)
					if err != nil {
						w.problem(h.String(), fmt.Errorf("parent %s unreadable, commit treated as a root: %w", ph, err))
						continue
					}
					if !excluded.has(ph) {
						w.decoded[ph] = p // the walk visits it soon, usually next
					}
					v.parents = append(v.parents, p)
				}
			}
			if len(w.decoded) > 1024 {
				clear(w.decoded)
			}
			v.problems, w.pending = w.pending, nil
			out <- v
		})
		if len(w.pending) > 0 {
			out <- visit{problems: w.pending}
		}
	}()
	return out
}

// endpoints resolves the walk's tips, the commit that counts as HEAD, and the commits whose ancestors are left out.
func (s *scan) endpoints(sum *Summary) (tips []plumbing.Hash, head plumbing.Hash, exclude []plumbing.Hash, err error) {
	o := s.opt
	switch {
	case o.Branch != "":
		h, err := s.resolve(o.Branch)
		if err != nil {
			return nil, head, nil, err
		}
		return []plumbing.Hash{h}, h, nil, nil
	case o.Range != "" || o.Since != "":
		base, top := o.Since, "HEAD"
		if o.Range != "" {
			var err error
			if base, top, err = gitrepo.ParseRange("range", o.Range); err != nil {
				return nil, head, nil, err
			}
			if base == "" {
				base = "HEAD"
			}
		}
		b, err := s.resolve(base)
		if err != nil {
			return nil, head, nil, err
		}
		t, err := s.resolve(top)
		if err != nil {
			return nil, head, nil, err
		}
		sum.Base, sum.Head = b.String(), t.String()
		return []plumbing.Hash{t}, t, []plumbing.Hash{b}, nil
	case o.Unpushed != "":
		t, err := s.resolve(o.Unpushed)
		if err != nil {
			return nil, head, nil, err
		}
		sum.Head = t.String()
		remotes, err := s.refTips(func(n plumbing.ReferenceName) bool { return n.IsRemote() })
		return []plumbing.Hash{t}, t, remotes, err
	}
	tips, err = s.refTips(func(plumbing.ReferenceName) bool { return true })
	if err != nil {
		return nil, head, nil, err
	}
	for _, t := range tips {
		sum.Tips = append(sum.Tips, t.String())
	}
	slices.Sort(sum.Tips)
	if ref, err := storer.ResolveReference(s.st, plumbing.HEAD); err == nil {
		if c, err := s.peel(ref.Hash()); err == nil {
			head = c
		}
	}
	return tips, head, nil, nil
}

// resolve turns a revision (branch, tag, SHA or prefix, HEAD~2) into a commit hash.
func (s *scan) resolve(rev string) (plumbing.Hash, error) {
	h, err := resolveRevision(s.st, rev)
	if err != nil {
		return plumbing.ZeroHash, &MissingCommitError{Rev: rev, Err: err}
	}
	c, err := s.peel(h)
	if err != nil {
		return plumbing.ZeroHash, &MissingCommitError{Rev: rev, Err: err}
	}
	return c, nil
}

// refTips returns the distinct commits that the refs chosen by keep (and HEAD) point at, tags peeled.
func (s *scan) refTips(keep func(plumbing.ReferenceName) bool) ([]plumbing.Hash, error) {
	iter, err := s.st.IterReferences()
	if err != nil {
		return nil, fmt.Errorf("reading refs: %w", err)
	}
	seen := map[plumbing.Hash]bool{}
	var tips []plumbing.Hash
	add := func(name plumbing.ReferenceName, h plumbing.Hash) {
		c, err := s.peel(h)
		if err != nil {
			s.problem(name.String(), fmt.Errorf("skipped: %w", err))
			return
		}
		if !seen[c] {
			seen[c] = true
			tips = append(tips, c)
		}
	}
	err = iter.ForEach(func(r *plumbing.Reference) error {
		if !keep(r.Name()) || r.Type() != plumbing.HashReference {
			return nil // symbolic refs point at refs that are listed themselves
		}
		add(r.Name(), r.Hash())
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading refs: %w", err)
	}
	if keep(plumbing.HEAD) {
		if ref, err := storer.ResolveReference(s.st, plumbing.HEAD); err == nil {
			add(plumbing.HEAD, ref.Hash())
		}
	}
	return tips, nil
}

// peel follows annotated tags to the commit they name.
func (s *scan) peel(h plumbing.Hash) (plumbing.Hash, error) { return peelCommit(s, h) }

// EncodedObject reads an object through the walk's pack reader, or go-git where it cannot.
func (s *scan) EncodedObject(want plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	if s.objs != nil {
		typ, data, err := s.objs.read(h)
		if refused(err) {
			return nil, err
		}
		if err == nil && (want == plumbing.AnyObject || want == typ) {
			mo := &plumbing.MemoryObject{}
			mo.SetType(typ)
			if _, err := mo.Write(data); err != nil {
				return nil, err
			}
			return mo, nil
		}
	}
	return s.st.EncodedObject(want, h)
}

// commitOnce returns a commit the walk decoded already as a parent, or decodes it.
func (s *scan) commitOnce(h plumbing.Hash) (*object.Commit, error) {
	if c, ok := s.decoded[h]; ok {
		delete(s.decoded, h)
		return c, nil
	}
	return s.commit(h)
}

func (s *scan) commit(h plumbing.Hash) (*object.Commit, error) {
	if s.objs != nil {
		typ, data, err := s.objs.read(h)
		if refused(err) {
			return nil, err
		}
		if err == nil && typ == plumbing.CommitObject {
			if c, err := s.commits.decode(h, data); err == nil {
				return c, nil
			}
		}
	}
	o, err := s.st.EncodedObject(plumbing.CommitObject, h)
	if err != nil {
		return nil, err
	}
	return object.DecodeCommit(s.st, o)
}

// ancestors calls fn once for every commit reachable from tips, children before parents where
// the graph allows (a stack walk), stopping at shallow boundaries and unreadable commits.
// Commits in stop (nil: none) are neither visited nor walked through. The commits seen
// are kept in an objSet: a bit each, not a map entry.
func (s *scan) ancestors(tips []plumbing.Hash, shallow map[plumbing.Hash]bool, stop *objSet, fn func(plumbing.Hash, *object.Commit)) {
	seen := newObjSet(s.packs)
	stopped := func(h plumbing.Hash) bool { return stop != nil && stop.has(h) }
	var stack []plumbing.Hash
	for _, t := range tips {
		if !stopped(t) && seen.add(t) {
			stack = append(stack, t)
		}
	}
	for len(stack) > 0 && s.ctx.Err() == nil {
		h := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		c, err := s.commitOnce(h)
		if err != nil {
			if !shallow[h] {
				s.problem(h.String(), fmt.Errorf("commit unreadable, skipped with its history: %w", err))
			}
			continue
		}
		fn(h, c)
		if shallow[h] {
			continue
		}
		for _, p := range c.ParentHashes {
			if !stopped(p) && seen.add(p) {
				stack = append(stack, p)
			}
		}
	}
}

// tree reads a tree object, keeping recent ones.
func (s *scan) tree(h plumbing.Hash) (*object.Tree, error) {
	if t, ok := s.trees[h]; ok {
		return t, nil
	}
	var t *object.Tree
	if s.objs != nil {
		if typ, data, err := s.objs.read(h); err == nil && typ == plumbing.TreeObject {
			if t, err = decodeTree(h, data); err != nil {
				return nil, err
			}
		}
	}
	if t == nil {
		var err error
		if t, err = object.GetTree(s.st, h); err != nil {
			return nil, err
		}
	}
	if !gitSorted(t.Entries) {
		if s.unsorted == nil {
			s.unsorted = map[plumbing.Hash]bool{}
		}
		s.unsorted[h] = true // diffAt pairs its entries by name instead
	}
	s.trees[h] = t
	return t, nil
}

// rawTreeCacheBytes bounds the trees a walk keeps decoded (the folders of the commits near it).
const rawTreeCacheBytes = 4 << 20

// rawTree reads a tree object for diffAt, keeping recent ones up to rawTreeCacheBytes.
func (s *scan) rawTree(h plumbing.Hash) (*rawTree, error) { return s.rawTreeLike(h, nil) }

// rawTreeLike is rawTree for a tree that is likely a version of like (nil: none), whose
// index it shares where their bytes agree (parseRawTreeLike).
func (s *scan) rawTreeLike(h plumbing.Hash, like *rawTree) (*rawTree, error) {
	if t, ok := s.raw[h]; ok {
		return t, nil
	}
	var t *rawTree
	if s.objs != nil {
		typ, data, err := s.objs.read(h)
		if refused(err) {
			return nil, err
		}
		if err == nil && typ == plumbing.TreeObject {
			if t, err = parseRawTreeLike(data, like); err != nil {
				return nil, err
			}
		}
	}
	if t == nil {
		ot, err := object.GetTree(s.st, h)
		if err != nil {
			return nil, err
		}
		if t, err = parseRawTree(encodeTree(ot.Entries)); err != nil {
			return nil, err
		}
	}
	n := len(t.data) + 4*len(t.ends) + 64
	if s.raw == nil || s.rawBytes+n > rawTreeCacheBytes {
		s.raw, s.rawBytes = map[plumbing.Hash]*rawTree{}, 0
	}
	s.raw[h] = t
	s.rawBytes += n
	return t, nil
}

// changesOf appends to chs the blobs commit c adds relative to its parents, and the blobs
// it removes (their commit left unset).
func (s *scan) changesOf(c *object.Commit, parents []*object.Commit, chs []change) []change {
	var first plumbing.Hash
	if len(parents) > 0 {
		first = parents[0].TreeHash
	}
	start := len(chs)
	s.diff(c.Hash, "", c.TreeHash, first, func(path string, newBlob, oldBlob plumbing.Hash) {
		if newBlob.IsZero() {
			chs = append(chs, change{deleted: true, path: path, blob: oldBlob})
			return
		}
		ch := change{path: path, blob: newBlob}
		if !oldBlob.IsZero() {
			ch.old = []plumbing.Hash{oldBlob}
		}
		chs = append(chs, ch)
	})
	if len(parents) < 2 {
		return chs
	}
	// A merge adds only what differs from every parent.
	kept := chs[:start]
	for _, ch := range chs[start:] {
		if ch.deleted {
			kept = append(kept, ch)
			continue
		}
		fromOther := false
		for _, p := range parents[1:] {
			b := s.blobAt(p.TreeHash, ch.path)
			if b == ch.blob {
				fromOther = true
				break
			}
			if !b.IsZero() {
				ch.old = append(ch.old, b)
			}
		}
		if !fromOther {
			kept = append(kept, ch)
		}
	}
	clear(chs[len(kept):]) // drop what was passed over
	return kept
}

// commitChanges records chs, the changes of commit idx, and queues the blobs it adds for scanning.
func (s *scan) commitChanges(idx int32, c *object.Commit, chs []change) {
	for i := range chs {
		chs[i].commit = idx
	}
	s.record(chs)
	s.nameChanges(c, chs)
	var meta *source.Commit
	for _, ch := range chs {
		if !ch.deleted {
			if meta == nil {
				meta = &source.Commit{SHA: c.Hash.String(), Author: c.Author.Name, Email: c.Author.Email, Date: c.Author.When}
			}
			s.pool.add(blobJob{hash: ch.blob, path: ch.path, commit: idx, root: c.TreeHash, meta: meta})
		}
	}
}

// blobAt returns the blob at path in a tree, or the zero hash.
func (s *scan) blobAt(root plumbing.Hash, path string) plumbing.Hash {
	h := root
	for part := range strings.SplitSeq(path, "/") {
		t, err := s.rawTree(h)
		if err != nil {
			return plumbing.ZeroHash
		}
		found := false
		for i := range t.len() {
			if e := t.entry(i); string(e.name) == part {
				copy(h[:], e.hash)
				found = true
				break
			}
		}
		if !found {
			return plumbing.ZeroHash
		}
	}
	return h
}

// diff calls fn for every file path whose blob differs between the trees newT and oldT
// (either may be zero): fn(path, new, old) with a zero hash for the side that lacks the file.
// Identical subtrees are skipped without being read.
func (s *scan) diff(commit plumbing.Hash, prefix string, newT, oldT plumbing.Hash, fn func(path string, newBlob, oldBlob plumbing.Hash)) {
	s.diffAt(commit, prefix, 0, newT, oldT, fn)
}

// MaxTreeDepth is how many folders deep a tree is walked, git's own limit (core.maxTreeDepth):
// each level holds its path, so a deeper chain would cost memory with the square of its depth.
const MaxTreeDepth = 4096

func (s *scan) diffAt(commit plumbing.Hash, prefix string, depth int, newT, oldT plumbing.Hash, fn func(path string, newBlob, oldBlob plumbing.Hash)) {
	if newT == oldT {
		return
	}
	if depth >= MaxTreeDepth {
		s.noteOnce(commit.String()+":"+cutPath(prefix), fmt.Errorf("folders nested deeper than %d (git's core.maxTreeDepth) in commit %s; not scanned below", MaxTreeDepth, commit))
		return
	}
	// One side is usually cached (walking back, a commit's parent tree is the tree of the
	// commit visited next); the other is indexed against it.
	nt, ot := emptyTree, emptyTree
	readOld := func(like *rawTree) {
		if !oldT.IsZero() {
			if t, err := s.rawTreeLike(oldT, like); err == nil {
				ot = t
			}
		}
	}
	_, oldFirst := s.raw[oldT]
	if oldFirst {
		readOld(nil)
	}
	if !newT.IsZero() {
		t, err := s.rawTreeLike(newT, nonEmpty(ot))
		if err != nil {
			s.noteOnce(commit.String()+":"+prefix, fmt.Errorf("tree unreadable in commit %s, skipped: %w", commit, err))
			return
		}
		nt = t
	}
	if !oldFirst {
		readOld(nonEmpty(nt))
	}
	if !nt.sorted || !ot.sorted {
		s.diffByName(commit, prefix, depth, nt.entries(), ot.entries(), fn)
		return
	}
	mergeTrees(nt, ot, func(ne, oe treeItem) {
		switch {
		case ne.name == nil:
			s.diffEntry(commit, prefix+string(oe.name), depth, object.TreeEntry{}, oe.bare(), fn)
		case oe.name == nil:
			s.diffEntry(commit, prefix+string(ne.name), depth, ne.bare(), object.TreeEntry{}, fn)
		default:
			s.diffEntry(commit, prefix+string(ne.name), depth, ne.bare(), oe.bare(), fn)
		}
	})
}

// nonEmpty returns t, or nil for the empty tree that stands for a missing side.
func nonEmpty(t *rawTree) *rawTree {
	if t == emptyTree {
		return nil
	}
	return t
}

// diffByName pairs the entries of two trees by name, for trees not in git's order.
func (s *scan) diffByName(commit plumbing.Hash, prefix string, depth int, ne, oe []object.TreeEntry, fn func(path string, newBlob, oldBlob plumbing.Hash)) {
	old := make(map[string]object.TreeEntry, len(oe))
	for _, e := range oe {
		old[e.Name] = e
	}
	for _, e := range ne {
		p := prefix + e.Name
		o, had := old[e.Name]
		delete(old, e.Name)
		if had && o.Hash == e.Hash && o.Mode == e.Mode {
			continue
		}
		if !had {
			o = object.TreeEntry{}
		}
		s.diffEntry(commit, p, depth, e, o, fn)
	}
	for _, o := range old {
		s.diffEntry(commit, prefix+o.Name, depth, object.TreeEntry{}, o, fn)
	}
}

// cutPath shortens a very deep path for a note: its start, an ellipsis and its end.
func cutPath(p string) string {
	if len(p) <= 120 {
		return p
	}
	return p[:60] + "…" + p[len(p)-59:]
}

// gitCompare orders tree entries as git does: by name, a folder's name read with a trailing '/'.
func gitCompare(a, b object.TreeEntry) int {
	n := min(len(a.Name), len(b.Name))
	if c := strings.Compare(a.Name[:n], b.Name[:n]); c != 0 {
		return c // the usual case: the names differ before either ends
	}
	la, lb := entryLen(a), entryLen(b)
	for i := n; i < min(la, lb); i++ {
		if ca, cb := entryByte(a, i), entryByte(b, i); ca != cb {
			if ca < cb {
				return -1
			}
			return 1
		}
	}
	return la - lb
}

func entryLen(e object.TreeEntry) int {
	if e.Mode == filemode.Dir {
		return len(e.Name) + 1
	}
	return len(e.Name)
}

func entryByte(e object.TreeEntry, i int) byte {
	if i < len(e.Name) {
		return e.Name[i]
	}
	return '/'
}

// gitSorted reports whether entries are in git's order without repeats.
func gitSorted(es []object.TreeEntry) bool {
	for i := 1; i < len(es); i++ {
		if gitCompare(es[i-1], es[i]) >= 0 {
			return false
		}
	}
	return true
}

// diffEntry compares one name in two trees; a zero entry is absent.
func (s *scan) diffEntry(commit plumbing.Hash, p string, depth int, e, o object.TreeEntry, fn func(path string, newBlob, oldBlob plumbing.Hash)) {
	newDir, oldDir := e.Mode == filemode.Dir, o.Mode == filemode.Dir
	if s.opt.Skip != nil && s.opt.Skip(p, newDir || oldDir) {
		return
	}
	var nd, od plumbing.Hash
	if newDir {
		nd = e.Hash
	}
	if oldDir {
		od = o.Hash
	}
	if newDir || oldDir {
		s.diffAt(commit, p+"/", depth+1, nd, od, fn)
	}
	nb, ob := s.fileBlob(p, e), s.fileBlob("", o)
	if nb != ob && !(nb.IsZero() && ob.IsZero()) {
		fn(p, nb, ob)
	}
}

// fileBlob returns the blob of a regular file entry, or zero; it notes submodules once.
func (s *scan) fileBlob(p string, e object.TreeEntry) plumbing.Hash {
	switch e.Mode {
	case filemode.Regular, filemode.Executable, filemode.Deprecated:
		return e.Hash
	case filemode.Submodule:
		if p != "" {
			s.noteOnce(p, errors.New("submodule not scanned (scan its own repository)"))
		}
	}
	return plumbing.ZeroHash
}
