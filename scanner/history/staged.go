package history

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/gitrepo"
	"github.com/keylint/keylint/scanner/source"
)

// staged scans the blobs the index holds that HEAD's tree does not hold at the same path.
// Folders whose cached tree (the index's TREE extension) matches HEAD are skipped whole,
// so a small change in a large repository reads only the trees on its paths.
func (s *scan) staged() (Summary, error) {
	var sum Summary
	entries, cacheTree, err := s.stagedIndex()
	if err != nil {
		return sum, err
	}
	// The pack reader maps each pack's .idx and searches it in place, where go-git reads the
	// whole .idx and builds maps of it (a third of a 10,000-file repository's staged scan).
	s.packs = openPacks(s.lay)
	defer s.packs.close()
	s.objs = newObjReader(s.packs, stagedCacheBytes)
	s.trees = map[plumbing.Hash]*object.Tree{}
	lk := &lookup{s: s, maps: map[plumbing.Hash]map[string]object.TreeEntry{}}
	var headTree plumbing.Hash
	if ref, err := storer.ResolveReference(s.st, plumbing.HEAD); err == nil {
		c, err := s.commit(ref.Hash())
		if err != nil {
			return sum, fmt.Errorf("reading HEAD %s: %w", ref.Hash(), err)
		}
		headTree = c.TreeHash
	} // else no commits yet: everything staged is new.
	clean := map[string]bool{}
	if !headTree.IsZero() && cacheTree != nil {
		cacheClean(cacheTree, lk, headTree, clean)
	}
	s.pool = newPool(s)
	defer s.pool.readers.close()
	s.pool.index = &indexFiles{readers: s.pool.readers, entries: entries}
	changed, inIndex := s.stagedChanges(entries, lk, headTree, clean)
	s.pool.close()
	sum.Blobs = s.pool.scannedCount
	if err := s.ctx.Err(); err != nil {
		return sum, err
	}
	s.stagedNames(changed)
	if len(s.pool.found) == 0 {
		return sum, nil
	}
	// Files in HEAD that the index no longer has may be the sources of renames;
	// folders known to be unchanged hold none.
	var removed []plumbing.Hash
	if !headTree.IsZero() {
		s.headFiles(lk, headTree, "", 0, clean, func(p string, b plumbing.Hash) {
			if !inIndex[p] {
				removed = append(removed, b)
			}
		})
	}
	for _, ch := range changed {
		if fs := s.pool.found[ch.blob]; len(fs) > 0 {
			for _, f := range s.introduced(fs, append(clip(ch.old), removed...), ch.path) {
				s.sink(f)
			}
		}
	}
	return sum, nil
}

// stagedCacheBytes bounds the inflated objects the staged scan's own reader keeps: it reads
// HEAD's commit and the trees on the staged paths, each once.
const stagedCacheBytes = 1 << 20

// stagedIndex reads the index a --staged scan compares with HEAD.
func (s *scan) stagedIndex() ([]gitrepo.IndexEntry, []index.TreeEntry, error) {
	file := s.opt.IndexFile
	if file == "" {
		file = filepath.Join(s.lay.GitDir, "index")
	}
	idx, err := gitrepo.ReadIndex(file)
	if err != nil {
		return nil, nil, fmt.Errorf("reading the index: %w", err)
	}
	return idx.Entries, idx.Tree, nil
}

// stagedChanges queues the blobs the index stages that HEAD's tree does not hold at the
// same path, and returns them with the paths the index holds.
func (s *scan) stagedChanges(entries []gitrepo.IndexEntry, lk *lookup, headTree plumbing.Hash, clean map[string]bool) ([]change, map[string]bool) {
	// Most entries lie in folders the cached tree marks clean: the map holds only the
	// others, and each folder is looked up once for the entries in it, which are adjacent.
	inIndex := map[string]bool{}
	var changed []change
	lastDir, lastClean := "", false
	for i, e := range entries {
		if dir, _ := path.Split(e.Name); i == 0 || dir != lastDir {
			lastDir, lastClean = dir, underClean(e.Name, clean)
		}
		if lastClean {
			continue
		}
		inIndex[e.Name] = true
		if s.opt.Skip != nil && s.opt.Skip(e.Name, false) {
			continue
		}
		if e.Mode == filemode.Submodule {
			s.noteOnce(e.Name, fmt.Errorf("submodule not scanned (scan its own repository)"))
		}
		if !regular(e.Mode) {
			continue
		}
		var old plumbing.Hash
		if !headTree.IsZero() {
			old = lk.at(headTree, e.Name)
		}
		if old == e.Hash {
			continue
		}
		ch := change{path: e.Name, blob: e.Hash}
		if !old.IsZero() {
			ch.old = []plumbing.Hash{old}
		}
		changed = append(changed, ch)
		s.pool.add(blobJob{hash: e.Hash, path: e.Name, commit: -1})
	}
	return changed, inIndex
}

// stagedNames reports the keys in the names of the files the index adds.
func (s *scan) stagedNames(changed []change) {
	names := scanner.NameSeen{}
	for _, ch := range changed {
		if len(ch.old) > 0 {
			continue // the name is in HEAD already
		}
		for _, f := range s.sc.NameFindings(source.Location{Path: ch.path}) {
			if names.Fresh(&f) {
				s.sink(f)
			}
		}
	}
}

// headFiles calls fn for each regular file under the tree h at dir, skipping clean folders.
func (s *scan) headFiles(lk *lookup, h plumbing.Hash, dir string, depth int, clean map[string]bool, fn func(string, plumbing.Hash)) {
	if clean[dir] || depth >= MaxTreeDepth {
		return
	}
	t, err := s.tree(h)
	if err != nil {
		return
	}
	for _, e := range t.Entries {
		p := e.Name
		if dir != "" {
			p = dir + "/" + e.Name
		}
		switch e.Mode {
		case filemode.Dir:
			s.headFiles(lk, e.Hash, p, depth+1, clean, fn)
		case filemode.Regular, filemode.Executable, filemode.Deprecated:
			fn(p, e.Hash)
		}
	}
}

// lookup finds entries in trees by path, indexing each tree it reads.
type lookup struct {
	s    *scan
	maps map[plumbing.Hash]map[string]object.TreeEntry
}

// at returns the hash of the entry at p (a file or folder) under root, or zero.
func (l *lookup) at(root plumbing.Hash, p string) plumbing.Hash {
	h := root
	if p == "" {
		return h
	}
	for part := range strings.SplitSeq(p, "/") {
		m, ok := l.maps[h]
		if !ok {
			t, err := l.s.tree(h)
			if err != nil {
				return plumbing.ZeroHash
			}
			m = make(map[string]object.TreeEntry, len(t.Entries))
			for _, e := range t.Entries {
				m[e.Name] = e
			}
			l.maps[h] = m
		}
		e, ok := m[part]
		if !ok {
			return plumbing.ZeroHash
		}
		h = e.Hash
	}
	return h
}

// cacheClean walks the index's cached trees (pre-order, each followed by its Trees subtrees)
// and marks the folders whose cached hash is valid and equals HEAD's tree there.
// When the entries' shape does not add up, the cache is not used and every index entry is compared.
func cacheClean(entries []index.TreeEntry, lk *lookup, headTree plumbing.Hash, clean map[string]bool) {
	if !gitrepo.CacheTreeIntact(entries) {
		return
	}
	var visit func(i int, dir string, inClean bool) int
	visit = func(i int, dir string, inClean bool) int {
		if i >= len(entries) {
			return i
		}
		e := entries[i]
		p := dir
		if i > 0 {
			p = path.Join(dir, e.Path)
		}
		if !inClean && e.Entries >= 0 && !e.Hash.IsZero() && lk.at(headTree, p) == e.Hash {
			clean[p] = true
			inClean = true
		}
		next := i + 1
		for range e.Trees {
			next = visit(next, p, inClean)
		}
		return next
	}
	visit(0, "", false)
}

// underClean reports whether a file lies in a folder known to be unchanged.
func underClean(p string, clean map[string]bool) bool {
	if len(clean) == 0 {
		return false
	}
	if clean[""] {
		return true
	}
	for i := len(p) - 1; i > 0; i-- {
		if p[i] == '/' && clean[p[:i]] {
			return true
		}
	}
	return false
}
