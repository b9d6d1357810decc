package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/keylint/keylint/scanner/config"
	"github.com/keylint/keylint/scanner/gitrepo"
	"github.com/keylint/keylint/scanner/source"
)

// scanRoots maps each path named to keylint scan to the folder its configuration lives in and
// its globs are relative to: the root of the git work tree holding it, or, outside git, the
// outermost folder named that holds it (a named file's own folder).
type scanRoots struct {
	root map[string]string // by path as named; absolute
}

func findScanRoots(paths []string) (*scanRoots, error) {
	r := &scanRoots{root: map[string]string{}}
	abs := map[string]string{}
	var outside []string // named folders outside any work tree
	for _, p := range paths {
		if p == "-" {
			p = "."
		}
		a, err := filepath.Abs(p)
		if err != nil {
			return nil, fmt.Errorf("locating %s: %w", p, err)
		}
		dir := a
		if st, err := os.Stat(a); err == nil && !st.IsDir() {
			dir = filepath.Dir(a)
		}
		abs[p] = dir
		if wt := gitrepo.FindWorkTree(dir); wt != "" {
			r.root[p] = wt
		} else {
			outside = append(outside, dir)
		}
	}
	for _, p := range paths {
		q := p
		if q == "-" {
			q = "."
		}
		if _, ok := r.root[q]; ok {
			r.root[p] = r.root[q]
			continue
		}
		best := abs[q]
		for _, o := range outside {
			if _, in := source.Within(o, best); in && len(o) < len(best) {
				best = o
			}
		}
		r.root[p] = best
	}
	return r, nil
}

// base is the slash path of a named path relative to its root, for the configuration's globs.
func (r *scanRoots) base(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return "."
	}
	rel, err := filepath.Rel(r.root[p], a)
	if err != nil {
		return "."
	}
	return filepath.ToSlash(rel)
}

// config loads --config, or the .keylint.yaml at the roots' one root. Paths whose roots
// differ are fine when none of the roots holds a configuration; otherwise which file would
// apply to which path is ambiguous, and the error names each.
func (o *outputFlags) scanConfig(r *scanRoots) (*config.Config, error) {
	if o.config != "" {
		return config.Load(o.config)
	}
	var roots []string
	seen := map[string]bool{}
	for _, root := range r.root {
		if !seen[root] {
			seen[root] = true
			roots = append(roots, root)
		}
	}
	sort.Strings(roots)
	if len(roots) == 1 {
		return o.loadConfig(roots[0])
	}
	var found []string
	some := false
	for _, root := range roots {
		if p := config.Find(root); p != "" {
			found = append(found, root+" (uses "+p+")")
			some = true
		} else {
			found = append(found, root+" (no "+config.FileName+")")
		}
	}
	if some {
		return nil, usageError{fmt.Errorf("the paths lie in %d work trees or folders with different configurations: %s; "+
			"scan each on its own, or name one file for all with --config", len(roots), strings.Join(found, ", "))}
	}
	return config.Default()
}
