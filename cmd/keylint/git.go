package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/config"
	"github.com/keylint/keylint/scanner/envfile"
	"github.com/keylint/keylint/scanner/frontend"
	"github.com/keylint/keylint/scanner/gitrepo"
	"github.com/keylint/keylint/scanner/history"
)

type gitFlags struct {
	outputFlags
	branch  string
	rng     string
	since   string
	staged  bool
	prePush bool
	fleet   fleetFlags
}

func newGitCmd(e *env) *cobra.Command {
	var f gitFlags
	cmd := &cobra.Command{
		Use:   "git [REPO...]",
		Short: "Scan a git repository's history (default .), a commit range, or the staged changes for keys",
		Long: "Git reads the repository REPO (default: the one holding the current folder) with no git binary and\n" +
			"runs none of its hooks. Without flags it scans every commit reachable from every ref (branches,\n" +
			"tags, remote-tracking refs, stash): a key deleted later is still leaked. Each key is reported once,\n" +
			"at the commit that introduced it, with that commit's author and date, and whether it is still in HEAD.\n\n" +
			"--range BASE..HEAD and --since REV scan only what those commits add (pull requests, CI);\n" +
			"--staged scans what the index adds compared with HEAD (a pre-commit hook);\n" +
			"--pre-push scans the commits pre-commit's pre-push stage hands over in PRE_COMMIT_FROM_REF and\n" +
			"PRE_COMMIT_TO_REF (or, for a new branch, the commits no remote-tracking branch has).\n\n" +
			"In a shallow clone the boundary commits count as roots and a note says history is incomplete.\n\n" +
			"Several repositories (paths, https://, ssh://, git@host:, file:// URLs, or --repos FILE) are scanned\n" +
			"in one run into one report; remotes are cloned bare (--cache DIR keeps them), --state DIR scans only\n" +
			"what is new, --shard I/N takes a stable slice of the list. A token for https remotes is read from\n" +
			"KEYLINT_GIT_TOKEN; ssh remotes use the SSH agent.",
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return f.run(cmd, e, args)
		},
	}
	f.register(cmd.Flags())
	f.verify.register(cmd.Flags(), false)
	fl := cmd.Flags()
	f.fleet.register(fl)
	fl.StringVar(&f.branch, "branch", "", "walk only the commits reachable from `REF`")
	fl.StringVar(&f.rng, "range", "", "scan only what the commits in `BASE..HEAD` add")
	fl.StringVar(&f.since, "since", "", "scan only what the commits after `REV` up to HEAD add (REV..HEAD)")
	fl.BoolVar(&f.staged, "staged", false, "scan only what the index adds compared with HEAD (for pre-commit)")
	fl.BoolVar(&f.prePush, "pre-push", false, "scan the commits being pushed, from PRE_COMMIT_FROM_REF and PRE_COMMIT_TO_REF")
	return cmd
}

// indexFile is the index git names in GIT_INDEX_FILE (relative to the current folder), or "".
// git commit -a and git commit PATH stage into a temporary index and name it there for the hooks;
// reading the repository's own index instead would let such a commit through unscanned.
func indexFile() (string, error) {
	idx := os.Getenv("GIT_INDEX_FILE")
	if idx == "" {
		return "", nil
	}
	abs, err := filepath.Abs(idx)
	if err != nil {
		return "", fmt.Errorf("GIT_INDEX_FILE %s: %w", idx, err)
	}
	return abs, nil
}

func (f *gitFlags) options(repo string) (history.Options, error) {
	opt := history.Options{Repo: repo, Branch: f.branch, Range: f.rng, Since: f.since, Staged: f.staged, Workers: f.workers}
	if f.staged {
		idx, err := indexFile()
		if err != nil {
			return opt, err
		}
		opt.IndexFile = idx
	}
	n := 0
	for _, set := range []bool{f.branch != "", f.rng != "", f.since != "", f.staged, f.prePush} {
		if set {
			n++
		}
	}
	if n > 1 {
		return opt, usageError{errors.New("--branch, --range, --since, --staged and --pre-push do not go together")}
	}
	if f.rng != "" {
		if _, _, err := gitrepo.ParseRange("--range", f.rng); err != nil {
			return opt, usageError{err}
		}
	}
	if f.prePush {
		to := os.Getenv("PRE_COMMIT_TO_REF")
		if to == "" {
			return opt, usageError{errors.New("--pre-push: PRE_COMMIT_TO_REF is not set (run it from pre-commit's pre-push stage)")}
		}
		// A deleted ref leaves both empty: nothing is pushed, and run writes an empty report.
		opt.Range, opt.Unpushed = gitrepo.PushScan(os.Getenv("PRE_COMMIT_FROM_REF"), to)
	}
	return opt, nil
}

func (f *gitFlags) run(cmd *cobra.Command, e *env, args []string) error {
	if f.fleet.wanted(args) {
		return f.runFleet(cmd, e, args)
	}
	repo := "."
	if len(args) == 1 {
		repo = args[0]
	}
	rep, err := f.reporter()
	if err != nil {
		return err
	}
	opt, err := f.options(repo)
	if err != nil {
		return err
	}
	root, cfg, err := f.repoConfig(repo)
	if err != nil {
		return err
	}
	if f.prePush && opt.Range == "" && opt.Unpushed == "" {
		f.scanned = scope{what: "no commits (the push deletes a ref)"}
		return f.write(cmd.Context(), e, rep, cfg, nil, finishing{base: root}) // the push deletes a ref
	}
	ctx, cancel := f.context(cmd.Context())
	defer cancel()

	opt.Skip = cfg.Skip
	opt.Problem = f.problems(e, cfg.Scanning())
	sc := scanner.New(cfg.Scanning(), scanner.Options{Checks: historyChecks(&f.verify)})
	var findings []scanner.Finding
	var stats history.Stats
	start := time.Now()
	prog := startProgress(e.stderr, f.quiet, func(d time.Duration) string {
		if opt.Staged {
			return fmt.Sprintf("keylint: %d staged blobs, %s, %d findings", stats.Items.Load(), rate(stats.Bytes.Load(), d), stats.Findings.Load())
		}
		return fmt.Sprintf("keylint: %d commits, %d blobs, %s, %d findings so far",
			stats.Commits.Load(), stats.Items.Load(), rate(stats.Bytes.Load(), d), stats.Findings.Load())
	})
	setGC := tightGC
	if opt.Staged {
		setGC = pausedGC
	}
	restoreGC := setGC()
	sum, err := history.Scan(ctx, sc, opt, func(fd scanner.Finding) { findings = append(findings, fd) }, &stats)
	restoreGC()
	prog.Stop()
	if ctx.Err() != nil && cmd.Context().Err() == nil {
		return fmt.Errorf("stopped after --timeout %s with %d commits and %d blobs scanned; no report written",
			f.timeout, stats.Commits.Load(), stats.Items.Load())
	}
	if err != nil {
		return err
	}
	if sum.Shallow && !f.quiet && !opt.Staged {
		fmt.Fprintf(e.stderr, "keylint: shallow clone: history before %s is not here and was not scanned "+
			"(fetch it with git fetch --unshallow, or fetch-depth: 0 in actions/checkout)\n", shortList(sum.ShallowBoundary))
	}
	f.scanned = scope{what: historyScanned(opt.Staged, sum.Commits, sum.Blobs, stats.Bytes.Load()), started: start}
	// History paths are relative to the repository root, wherever keylint runs.
	return f.write(ctx, e, rep, cfg, findings, finishing{base: root})
}

// historyChecks are the checks a scan of git history runs on its blobs: the front-end
// checks (source maps read from the same commit), the .env checks, and verification's.
func historyChecks(v *verifyFlags) []scanner.Check {
	checks := append(frontend.Checks(), envfile.NewCheck(false, nil))
	return append(checks, v.checks()...)
}

// historyScanned says what a history scan read, for the summary line.
func historyScanned(staged bool, commits, blobs int, size int64) string {
	what := fmt.Sprintf("%d %s, %d %s", commits, plural(commits, "commit", "commits"), blobs, plural(blobs, "blob", "blobs"))
	if staged {
		what = fmt.Sprintf("the staged changes, %d %s", blobs, plural(blobs, "blob", "blobs"))
	}
	if size >= 0 {
		what += " (" + sizeText(size) + ")"
	}
	return what
}

// shortList names up to three commits by short SHA.
func shortList(shas []string) string {
	if len(shas) == 0 {
		return "its boundary"
	}
	var b strings.Builder
	for i, s := range shas {
		if i == 3 {
			fmt.Fprintf(&b, " and %d more", len(shas)-3)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(gitrepo.ShortSHA(s))
	}
	return b.String()
}

// repoConfig finds the repository holding repo and loads the configuration at its root.
func (o *outputFlags) repoConfig(repo string) (string, *config.Config, error) {
	root, err := workTreeRoot(repo)
	if err != nil {
		return "", nil, err
	}
	cfg, err := o.loadConfig(root)
	return root, cfg, err
}

// workTreeRoot is the work tree of the repository holding repo, or its git folder when it is bare.
func workTreeRoot(repo string) (string, error) {
	lay, err := history.Resolve(repo)
	if err != nil {
		return "", err
	}
	if lay.WorkTree == "" {
		return lay.GitDir, nil
	}
	return lay.WorkTree, nil
}
