package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/config"
	"github.com/keylint/keylint/scanner/fleet"
	"github.com/keylint/keylint/scanner/history"
)

// Environment variables a scan of several repositories reads its credentials from.
const (
	envToken = "KEYLINT_GIT_TOKEN" // sent as the password to https remotes
	envUser  = "KEYLINT_GIT_USER"  // the user name sent with it (default x-access-token)
)

// fleetFlags are keylint git's flags for scanning several repositories.
type fleetFlags struct {
	reposFile string
	cache     string
	state     string
	shard     string
	parallel  int
}

func (ff *fleetFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&ff.reposFile, "repos", "", "scan the repositories listed in `FILE` (one a line, # comments)")
	fs.StringVar(&ff.cache, "cache", "", "keep bare clones of remote repositories in `DIR` and fetch only what is new")
	fs.StringVar(&ff.state, "state", "", "remember what was scanned in `DIR`: scan only new commits and blobs, resume a stopped run")
	fs.StringVar(&ff.shard, "shard", "", "scan only shard `I/N` of the repositories (auto/N: I from JOB_COMPLETION_INDEX)")
	fs.IntVar(&ff.parallel, "parallel", 2, "repositories scanned at once (memory grows with it)")
}

// wanted reports whether the command line asks for a scan of several repositories.
func (ff *fleetFlags) wanted(args []string) bool {
	if len(args) > 1 || ff.reposFile != "" || ff.cache != "" || ff.state != "" || ff.shard != "" {
		return true
	}
	for _, a := range args {
		if r, err := fleet.Parse(a); err == nil && r.Remote() {
			return true
		}
	}
	return false
}

// repos lists the repositories of the command line and --repos, in order.
func (ff *fleetFlags) repos(args []string) ([]fleet.Repo, error) {
	if len(args) == 0 && ff.reposFile == "" {
		args = []string{"."} // keylint git --state DIR: the current repository, incrementally
	}
	var out []fleet.Repo
	for _, a := range args {
		r, err := fleet.Parse(a)
		if err != nil {
			return nil, usageError{err}
		}
		out = append(out, r)
	}
	if ff.reposFile != "" {
		b, err := os.ReadFile(ff.reposFile)
		if err != nil {
			return nil, fmt.Errorf("--repos: %w", err)
		}
		rs, err := fleet.ParseList(string(b))
		if err != nil {
			return nil, fmt.Errorf("--repos %s: %w", ff.reposFile, err)
		}
		out = append(out, rs...)
	}
	if len(out) == 0 {
		return nil, usageError{errors.New("no repositories to scan")}
	}
	return out, nil
}

// runFleet scans several repositories and writes one report; a repository that fails is named
// on standard error and in the summary, and makes the exit status 2 once the report is written.
func (f *gitFlags) runFleet(cmd *cobra.Command, e *env, args []string) error {
	if f.branch != "" || f.rng != "" || f.since != "" || f.staged || f.prePush {
		return usageError{errors.New("--branch, --range, --since, --staged and --pre-push scan one repository; " +
			"several repositories are scanned whole (with --state, only what is new)")}
	}
	rep, err := f.reporter()
	if err != nil {
		return err
	}
	all, err := f.fleet.repos(args)
	if err != nil {
		return err
	}
	shard := fleet.Shard{}
	if f.fleet.shard != "" {
		if shard, err = fleet.ParseShard(f.fleet.shard, os.Getenv("JOB_COMPLETION_INDEX")); err != nil {
			return usageError{err}
		}
	}
	repos := shard.Pick(all)
	cfg, err := f.loadConfig("") // --config or the defaults: a scanned repository's own file never decides what is scanned
	if err != nil {
		return err
	}
	opt := fleet.Options{
		Parallel: max(1, f.fleet.parallel), Cache: f.fleet.cache, Skip: cfg.Skip, Problem: f.problems(e, cfg.Scanning()),
		Auth:  fleet.Auth{Token: os.Getenv(envToken), User: os.Getenv(envUser)},
		Stats: &history.Stats{},
	}
	opt.Workers = max(1, f.workers/opt.Parallel)
	if opt.Scope, err = f.scope(cfg); err != nil {
		return err
	}
	if f.fleet.state != "" {
		if opt.State, err = fleet.OpenState(f.fleet.state); err != nil {
			return err
		}
	}
	var done, failed atomic.Int64
	opt.Done = func(r fleet.Result) {
		done.Add(1)
		if r.Err != nil {
			failed.Add(1)
			fmt.Fprintf(e.stderr, "keylint: %s: not scanned: %v\n", quotePath(r.Repo.Spec), r.Err)
		}
	}
	ctx, cancel := f.context(cmd.Context())
	defer cancel()
	sc := scanner.New(cfg.Scanning(), scanner.Options{Checks: historyChecks(&f.verify)})
	start := time.Now()
	prog := startProgress(e.stderr, f.quiet, func(d time.Duration) string {
		return fmt.Sprintf("keylint: %d/%d repositories (%d failed), %d commits, %d blobs, %s, %d findings so far",
			done.Load(), len(repos), failed.Load(), opt.Stats.Commits.Load(), opt.Stats.Items.Load(),
			rate(opt.Stats.Bytes.Load(), d), opt.Stats.Findings.Load())
	})
	results := fleet.Run(ctx, sc, repos, opt)
	prog.Stop()
	if ctx.Err() != nil && cmd.Context().Err() == nil {
		return fmt.Errorf("stopped after --timeout %s with %d of %d repositories done; no report written "+
			"(with --state, the next run starts after the finished ones)", f.timeout, done.Load(), len(repos))
	}
	var findings []scanner.Finding
	var uris, bad []string
	commits, blobs := 0, 0
	for _, r := range results {
		commits += r.Commits
		blobs += r.Blobs
		if r.Err != nil {
			bad = append(bad, r.Repo.Spec)
			continue
		}
		uris = append(uris, r.Repo.URI())
		findings = append(findings, r.Findings...)
	}
	slices.Sort(uris)
	what := fmt.Sprintf("%d %s", len(uris), plural(len(uris), "repository", "repositories"))
	if len(bad) > 0 {
		what = fmt.Sprintf("%d of %d repositories (%d failed: %s)", len(uris), len(results), len(bad), strings.Join(bad, ", "))
	}
	if shard.N > 1 {
		what += fmt.Sprintf(" in shard %d/%d of %d", shard.I, shard.N, len(all))
	}
	fresh := ""
	if opt.State != nil {
		fresh = "new "
	}
	what += fmt.Sprintf(", %d %s%s, %d %s%s (%s)", commits, fresh, plural(commits, "commit", "commits"),
		blobs, fresh, plural(blobs, "blob", "blobs"), sizeText(opt.Stats.Bytes.Load()))
	f.scanned = scope{what: what, started: start}
	err = f.write(ctx, e, rep, cfg, findings, finishing{repos: uris})
	if opt.State != nil && (err == nil || errors.Is(err, errFindings)) {
		if serr := opt.State.MarkReported(results); serr != nil {
			return serr
		}
	}
	if len(bad) > 0 && (err == nil || errors.Is(err, errFindings)) {
		return exitCodeError(exitError) // each failure was named above
	}
	return err
}

// scope identifies what decides the findings, so that --state trusts only what was scanned by
// this build of keylint with this configuration and these checks.
func (f *gitFlags) scope(cfg *config.Config) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%v\x00", versionLine(), f.verify.checks() != nil)
	h.Write([]byte(cfg.Digest())) // the configuration's text as it was read, not read again
	return hex.EncodeToString(h.Sum(nil)), nil
}
