// Package fleet scans many git repositories in one run: local paths and remotes (cloned bare
// with go-git into a cache or a temporary folder, fetching only what is new), several at once
// within a bound on memory, each failure kept to its own repository. With a State it scans
// only commits and blobs earlier runs did not, and a Shard picks a stable slice of the list.
//
// The history of each repository is read by scanner/history; this package adds where the
// repositories come from, what was scanned before, and which repository a finding belongs to.
package fleet

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/history"
	"github.com/keylint/keylint/scanner/source"
)

// Options configure a Run.
type Options struct {
	// Parallel is how many repositories are fetched and scanned at once (default 2). Memory is
	// bounded by Parallel times one repository's scan (its object caches and its walk).
	Parallel int
	// Workers is how many blobs each repository's scan reads at once (default 1).
	Workers int
	// Cache keeps bare clones of remotes between runs; "" clones into a temporary folder removed after the scan.
	Cache string
	// TempDir is where temporary clones go ("" for the system's).
	TempDir string
	// State, when set, makes the run incremental and resumable.
	State *State
	// Scope identifies what decides the findings (keylint's build and configuration). A State
	// keeps its records per scope: with another scope every repository is scanned afresh.
	Scope string
	// Auth is how remotes are reached.
	Auth Auth
	// Skip leaves paths out, as history.Options.Skip.
	Skip func(path string, dir bool) bool
	// Problem receives troubles that do not stop a repository's scan; it may be called from several goroutines.
	Problem func(*source.Problem)
	// Done is called, from the repository's goroutine, as each repository finishes.
	Done func(Result)
	// Stats, when set, counts all repositories' progress together.
	Stats *history.Stats
}

// Result is what one repository's scan did.
type Result struct {
	Repo Repo
	// Findings carry Location.Repo.
	Findings []scanner.Finding
	// Commits and Blobs are the commits walked and blobs scanned: with a State, only the new ones.
	Commits, Blobs int
	// Fetched is how long fetching the remote took; Took is the whole repository's time.
	Fetched, Took time.Duration
	// Err is why the repository could not be scanned (the others go on).
	Err error

	state *repoState // what State recorded, for MarkReported
}

// Run scans every repository and returns one Result each, in the order given. A failed
// repository has Err set; only the context's end stops the others.
func Run(ctx context.Context, sc *scanner.Scanner, repos []Repo, opt Options) []Result {
	if opt.Parallel <= 0 {
		opt.Parallel = 2
	}
	if opt.Workers <= 0 {
		opt.Workers = 1
	}
	out := make([]Result, len(repos))
	sem := make(chan struct{}, opt.Parallel)
	var wg sync.WaitGroup
	for i, r := range repos {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			out[i] = Result{Repo: r, Err: ctx.Err()}
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			start := time.Now()
			res := one(ctx, sc, r, opt)
			res.Took = time.Since(start)
			out[i] = res
			if opt.Done != nil {
				opt.Done(res)
			}
		}()
	}
	wg.Wait()
	return out
}

// one fetches (for a remote) and scans one repository.
func one(ctx context.Context, sc *scanner.Scanner, r Repo, opt Options) (res Result) {
	res.Repo = r
	defer func() {
		if p := recover(); p != nil {
			res.Err = fmt.Errorf("%s: internal error: %v", r.Spec, p)
		}
	}()
	dir := r.Path
	if r.Remote() {
		var cleanup func()
		var err error
		start := time.Now()
		dir, cleanup, err = clone(ctx, r, opt)
		res.Fetched = time.Since(start)
		if cleanup != nil {
			defer cleanup()
		}
		if err != nil {
			res.Err = err
			return res
		}
	}
	lay, err := history.Resolve(dir)
	if err != nil {
		res.Err = err
		return res
	}
	hopt := history.Options{Repo: dir, Workers: opt.Workers, Skip: opt.Skip}
	if opt.Problem != nil {
		hopt.Problem = func(p *source.Problem) {
			opt.Problem(&source.Problem{Path: r.Spec + ": " + p.Path, Err: p.Err})
		}
	}
	var (
		rs      repoState
		set     *blobSet
		scanned [][20]byte
	)
	if opt.State != nil {
		if rs, err = opt.State.load(r); err != nil {
			res.Err = err
			return res
		}
		if rs.Scope != opt.Scope {
			rs = repoState{Project: rs.Project, Scope: opt.Scope} // other rules: what was scanned says nothing
		}
		if rs.Project == "" {
			if rs.Project, err = project(lay.CommonDir, r); err != nil {
				res.Err = err
				return res
			}
		}
		setName := rs.Project
		if opt.Scope != "" {
			setName += "-" + scopeID(opt.Scope)
		}
		if set, err = opt.State.acquire(setName); err != nil {
			res.Err = err
			return res
		}
		defer opt.State.release(setName)
		hopt.Exclude = rs.Reported
		hopt.Known = set.Has
		hopt.Scanned = func(h [20]byte, findings bool) {
			if !findings {
				scanned = append(scanned, h)
			}
		}
	}
	stats := opt.Stats
	if stats == nil {
		stats = &history.Stats{}
	}
	sum, err := history.Scan(ctx, sc, hopt, func(f scanner.Finding) {
		f.Location.Repo = r.URI()
		res.Findings = append(res.Findings, f)
	}, stats)
	res.Commits, res.Blobs = sum.Commits, sum.Blobs
	if err != nil {
		res.Err = fmt.Errorf("%s: %w", r.Spec, err)
		return res
	}
	if ctx.Err() != nil {
		res.Err = ctx.Err()
		return res
	}
	if opt.State != nil {
		set.Add(scanned)
		if err := set.save(); err != nil {
			res.Err = err
			return res
		}
		rs.Tips = sum.Tips
		if err := opt.State.save(r, rs); err != nil {
			res.Err = err
		}
		res.state = &rs
	}
	return res
}

// clone fetches a remote into the cache (kept) or a temporary folder (removed by cleanup).
func clone(ctx context.Context, r Repo, opt Options) (string, func(), error) {
	if opt.Cache != "" {
		dir := filepath.Join(opt.Cache, cacheName(r))
		if err := os.MkdirAll(opt.Cache, 0o755); err != nil {
			return "", nil, fmt.Errorf("cache folder: %w", err)
		}
		return dir, nil, fetch(ctx, r, dir, opt.Auth)
	}
	tmp, err := os.MkdirTemp(opt.TempDir, "keylint-clone-")
	if err != nil {
		return "", nil, fmt.Errorf("temporary clone: %w", err)
	}
	cleanup := func() { _ = os.RemoveAll(tmp) }
	dir := filepath.Join(tmp, "repo.git")
	return dir, cleanup, fetch(ctx, r, dir, opt.Auth)
}

// scopeID is a short hash of a scope, for file names.
func scopeID(scope string) string {
	sum := sha256.Sum256([]byte(scope))
	return hex.EncodeToString(sum[:])[:12]
}

// cacheName is a readable and unique folder name for a remote: "host_owner_name-ID.git".
func cacheName(r Repo) string {
	name := strings.Map(func(c rune) rune {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' {
			return c
		}
		return '_'
	}, r.Key)
	name = strings.Trim(name, "._")
	if len(name) > 80 {
		name = name[len(name)-80:]
	}
	return name + "-" + r.ID()[:8] + ".git"
}

// Worst is the failure to report for a run: nil when every repository was scanned.
func Worst(results []Result) error {
	var errs []error
	for _, r := range results {
		if r.Err != nil {
			errs = append(errs, r.Err)
		}
	}
	return errors.Join(errs...)
}
