package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/keylint/keylint/internal/atomicfile"
	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/baseline"
	"github.com/keylint/keylint/scanner/ci"
	"github.com/keylint/keylint/scanner/config"
	"github.com/keylint/keylint/scanner/history"
	"github.com/keylint/keylint/scanner/report"
)

type ciFlags struct {
	outputFlags
	rng          string
	sarif        string
	gitlabReport string
	annotations  bool
}

func newCICmd(e *env) *cobra.Command {
	var f ciFlags
	cmd := &cobra.Command{
		Use:   "ci [REPO]",
		Short: "Scan what a pull request, merge request or push adds, in GitHub Actions, GitLab CI or with --range",
		Long: "CI finds the commits to scan from the CI system's environment: in GitHub Actions the pull request's\n" +
			"base and head (GITHUB_EVENT_PATH), or a push's before..after; in GitLab CI the merge request's\n" +
			"CI_MERGE_REQUEST_DIFF_BASE_SHA, or CI_COMMIT_BEFORE_SHA for a push. A new branch (or a force push\n" +
			"whose old tip is not in the clone) scans the pushed commits that are not on the default branch.\n" +
			"Elsewhere give --range BASE..HEAD. It prints the range and how many commits it scanned.\n\n" +
			"Besides the report (--format, --output) it writes SARIF (--sarif), GitHub annotations on standard\n" +
			"output when GITHUB_ACTIONS=true, a GitLab secret-detection report (--gitlab-report), and a Markdown\n" +
			"summary to GITHUB_STEP_SUMMARY when set. A clone without the range's base (a shallow checkout)\n" +
			"fails with exit status 2 and the fix (fetch-depth: 0).",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return f.run(cmd, e, args, os.LookupEnv)
		},
	}
	f.register(cmd.Flags())
	f.verify.register(cmd.Flags(), false)
	fl := cmd.Flags()
	fl.StringVar(&f.rng, "range", "", "scan `BASE..HEAD` instead of the range the CI system names")
	fl.StringVar(&f.sarif, "sarif", "", "also write a SARIF report to `FILE` (for github/codeql-action/upload-sarif)")
	fl.StringVar(&f.gitlabReport, "gitlab-report", "", "also write a GitLab secret-detection report to `FILE` (gl-secret-detection-report.json)")
	fl.BoolVar(&f.annotations, "annotations", true, "print GitHub workflow annotations when GITHUB_ACTIONS=true")
	return cmd
}

func (f *ciFlags) run(cmd *cobra.Command, e *env, args []string, getenv ci.Env) error {
	start := time.Now()
	repo := "."
	if len(args) == 1 {
		repo = args[0]
	}
	var head checkedOut
	if f.baseline != "" {
		// The checked-out baseline must be one, though the base commit's is the one applied.
		var err error
		if head.baseline, head.data, err = baseline.Read(f.baseline); err != nil {
			return err
		}
	}
	plan, err := ci.Detect(getenv, os.ReadFile, f.rng)
	if errors.Is(err, ci.ErrNoCI) {
		return usageError{err}
	}
	if err != nil {
		return err
	}
	root, err := workTreeRoot(repo)
	if err != nil {
		return err
	}
	trust, err := f.trusted(repo, root, plan, head)
	if err != nil {
		return err
	}
	cfg := trust.cfg
	notices := redacting{w: e.stdout, keys: cfg.Scanning()} // workflow commands that quote names (branches, files)
	f.accepted = trust.accepted
	rep, err := f.reporter()
	if err != nil {
		return err
	}
	for _, n := range trust.notes {
		fmt.Fprintf(e.stderr, "keylint: note: %s\n", n)
		if v, _ := getenv("GITHUB_ACTIONS"); v == "true" && f.annotations {
			fmt.Fprintf(notices, "::notice title=keylint: configuration changed::%s\n", n)
		}
	}
	ctx, cancel := f.context(cmd.Context())
	defer cancel()

	findings, sum, plan, err := f.scan(ctx, e, repo, cfg, plan)
	if ctx.Err() != nil && cmd.Context().Err() == nil {
		return fmt.Errorf("stopped after --timeout %s; no report written", f.timeout)
	}
	var missing *history.MissingCommitError
	if errors.As(err, &missing) {
		fmt.Fprintf(e.stderr, "keylint: commit %s (%s) is not in this clone, so the range cannot be scanned.\n%s\n",
			missing.Rev, plan.Reason, shallowFix(plan.System))
		if plan.System == ci.GitHub {
			fmt.Fprintf(notices, "::error title=keylint: history missing::Commit %s is not in this clone (a shallow checkout). "+
				"Set fetch-depth: 0 on actions/checkout.\n", missing.Rev)
		}
		return exitCodeError(exitError)
	}
	if err != nil {
		return err
	}
	if len(sum.ShallowBoundary) > 0 {
		fmt.Fprintf(e.stderr, "keylint: the range %s reaches past the start of this shallow clone (%s), so keys "+
			"already on the base would be reported as new.\n%s\n", plan, shortList(sum.ShallowBoundary), shallowFix(plan.System))
		return exitCodeError(exitError)
	}
	fmt.Fprintf(e.stderr, "keylint: %s: scanned %s, %d commit(s), %d blob(s) (%s)\n",
		plan.System, plan, sum.Commits, sum.Blobs, plan.Reason)
	if sum.Commits == 0 {
		fmt.Fprintf(e.stderr, "keylint: warning: the range %s holds no commits; nothing was scanned\n", plan)
		if plan.System == ci.GitHub && f.annotations {
			fmt.Fprintf(notices, "::warning title=keylint::keylint scanned no commits in %s (%s)\n", plan, plan.Reason)
		}
	}

	all := len(findings)
	run := f.finish(ctx, e, cfg, findings, finishing{base: root, also: trust.hidden})
	if err := f.extraReports(e, getenv, run, plan, sum, all, start); err != nil {
		return err
	}
	f.scanned.what, f.scanned.started = historyScanned(false, sum.Commits, sum.Blobs, -1), start
	return f.emit(e, rep, cfg, run)
}

// scanned is one history scan's findings and summary.
type scanned struct {
	findings []scanner.Finding
	sum      history.Summary
}

// scan runs the history scan of plan, retrying with the plan's fallback base when the base is missing.
func (f *ciFlags) scan(ctx context.Context, e *env, repo string, cfg *config.Config, plan ci.Plan) ([]scanner.Finding, history.Summary, ci.Plan, error) {
	sc := scanner.New(cfg.Scanning(), scanner.Options{Checks: historyChecks(&f.verify)})
	res, plan, err := ci.ScanWithFallback(plan, func(plan ci.Plan) (scanned, error) {
		opt := history.Options{Repo: repo, Workers: f.workers, Skip: cfg.Skip, Range: plan.Range(),
			Problem: f.problems(e, cfg.Scanning())}
		if opt.Range == "" {
			opt.Branch = plan.Head
		}
		var res scanned
		var stats history.Stats
		sum, err := history.Scan(ctx, sc, opt, func(fd scanner.Finding) { res.findings = append(res.findings, fd) }, &stats)
		res.sum = sum
		return res, err
	}, func(err error) string {
		var missing *history.MissingCommitError
		if errors.As(err, &missing) {
			return missing.Rev
		}
		return ""
	}, func(note string) { fmt.Fprintf(e.stderr, "keylint: %s\n", note) })
	return res.findings, res.sum, plan, err
}

// shallowFix says how to give the CI job the history it needs.
func shallowFix(sys ci.System) string {
	switch sys {
	case ci.GitHub:
		return "Fix: check out the whole history, with actions/checkout:\n    - uses: actions/checkout@v4\n      with:\n        fetch-depth: 0"
	case ci.GitLab:
		return "Fix: clone the whole history, in .gitlab-ci.yml:\n    variables:\n      GIT_DEPTH: 0"
	}
	return "Fix: fetch the missing history (git fetch --unshallow, or fetch-depth: 0 in actions/checkout)."
}

// extraReports writes SARIF, the GitLab report, annotations and the step summary, as asked.
func (f *ciFlags) extraReports(e *env, getenv ci.Env, run *report.Run, plan ci.Plan, sum history.Summary, all int, start time.Time) error {
	if f.sarif != "" {
		if err := writeReport(f.sarif, report.SARIF{}, run); err != nil {
			return err
		}
	}
	if f.gitlabReport != "" {
		if err := writeReport(f.gitlabReport, report.GitLab{Start: start, End: time.Now(), Commit: sum.Head}, run); err != nil {
			return err
		}
	}
	if v, _ := getenv("GITHUB_ACTIONS"); v == "true" && f.annotations {
		if err := (report.GitHubAnnotations{}).Report(e.stdout, run); err != nil {
			return fmt.Errorf("writing annotations: %w", err)
		}
	}
	if path, _ := getenv("GITHUB_STEP_SUMMARY"); path != "" {
		s := report.StepSummary{Scope: fmt.Sprintf("%s, %d commit(s) (%s)", plan, sum.Commits, plan.Reason)}
		if n := all - len(run.Findings); n > 0 {
			s.Note = fmt.Sprintf("%d finding(s) not shown: allowed by the configuration or accepted in the baseline.", n)
			if f.verify.onlyLive {
				s.Note = fmt.Sprintf("%d finding(s) not shown: allowed by the configuration, accepted in the baseline, or not live (--only-live).", n)
			}
		}
		if err := appendReport(path, s, run); err != nil {
			return err
		}
	}
	return nil
}

// writeReport writes one report to path atomically.
func writeReport(path string, rep report.Reporter, run *report.Run) error {
	var buf bytes.Buffer
	if err := rep.Report(&buf, run); err != nil {
		return fmt.Errorf("writing %s: %w", filepath.Clean(path), err)
	}
	return atomicfile.Write(path, buf.Bytes(), 0o644)
}

// appendReport adds one report to the end of path (the step summary is shared by every step).
func appendReport(path string, rep report.Reporter, run *report.Run) (err error) {
	fh, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("opening the step summary: %w", err)
	}
	defer func() {
		if cerr := fh.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("closing the step summary: %w", cerr)
		}
	}()
	if err := rep.Report(fh, run); err != nil {
		return fmt.Errorf("writing the step summary: %w", err)
	}
	return nil
}
