package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/keylint/keylint/internal/atomicfile"
	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/baseline"
	"github.com/keylint/keylint/scanner/config"
	"github.com/keylint/keylint/scanner/envfile"
	"github.com/keylint/keylint/scanner/report"
	"github.com/keylint/keylint/scanner/rules"
	"github.com/keylint/keylint/scanner/source"
)

// outputFlags are the flags every scanning command shares.
type outputFlags struct {
	format      string
	output      string
	config      string
	showSecrets bool
	quiet       bool
	workers     int
	timeout     time.Duration
	baseline    string
	accepted    *baseline.Matcher
	verify      verifyFlags
	strict      bool
	unread      atomic.Int64 // problems that left bytes unscanned
	// scanned is what the command scanned, set before write, for the summary line.
	scanned scope
}

func (o *outputFlags) register(fs *pflag.FlagSet) {
	fs.StringVarP(&o.format, "format", "f", "text", "report format: text, json or sarif")
	fs.StringVarP(&o.output, "output", "o", "", "write the report to `FILE` (atomically) instead of standard output")
	fs.StringVarP(&o.config, "config", "c", "", "configuration `FILE` (default: .keylint.yaml at the scanned root)")
	fs.BoolVar(&o.showSecrets, "show-secrets", false, "print keys whole instead of redacted")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "no progress line and no notes on standard error")
	fs.IntVarP(&o.workers, "jobs", "j", runtime.NumCPU(), "files scanned at once")
	fs.DurationVar(&o.timeout, "timeout", 0, "stop the whole run after this long (e.g. 5m); 0 means no limit")
	fs.StringVar(&o.baseline, "baseline", "", "report only findings not in this baseline `FILE` (made by keylint baseline)")
	fs.BoolVar(&o.strict, "strict", false, "exit 2 when anything could not be read in full (after writing the report)")
}

// context applies --timeout.
func (o *outputFlags) context(parent context.Context) (context.Context, context.CancelFunc) {
	if o.timeout > 0 {
		return context.WithTimeout(parent, o.timeout)
	}
	return context.WithCancel(parent)
}

// loadConfig reads --config, or .keylint.yaml at root, or the defaults.
func (o *outputFlags) loadConfig(root string) (*config.Config, error) {
	if o.config != "" {
		return config.Load(o.config)
	}
	if root == "" {
		return config.Default()
	}
	return config.LoadIn(root)
}

// reporter checks --format and the verification flags and reads --baseline early, before any scanning.
func (o *outputFlags) reporter() (report.Reporter, error) {
	if o.workers < 1 {
		return nil, usageError{fmt.Errorf("--jobs %d: want at least 1 (the default is the number of CPUs, %d)", o.workers, runtime.NumCPU())}
	}
	o.format = strings.ToLower(o.format)
	if err := o.verify.prepare(); err != nil {
		return nil, err
	}
	if o.baseline != "" && o.accepted == nil {
		b, err := baseline.Load(o.baseline)
		if err != nil {
			return nil, err
		}
		o.accepted = b.Matcher()
	}
	if o.format == baselineFormat {
		return baseline.Reporter{}, nil
	}
	r, err := report.New(o.format)
	if err != nil {
		return nil, usageError{err}
	}
	return r, nil
}

// keep drops findings the configuration allows or whose rule is disabled.
func keep(cfg *config.Config, fs []scanner.Finding) []scanner.Finding {
	out := fs[:0]
	for _, f := range fs {
		if cfg.Disabled(f.RuleID) || cfg.Allowed(f.Fingerprint()) {
			continue
		}
		out = append(out, f)
	}
	return envfile.DropCovered(out)
}

// finishing is what a command adds to the finish stage.
type finishing struct {
	// base is the folder the findings' paths are relative to (the repository root for a
	// history scan); "" is the working folder.
	base string
	// also, when set, returns findings to add once the rest are filtered and verified
	// (ci's findings about a change to the configuration or baseline).
	also func(kept []scanner.Finding) []scanner.Finding
	// repos lists the repositories (their URIs, sorted) of a scan of several.
	repos []string
}

// finish is every command's one finish stage: it drops what the configuration allows and
// the baseline accepts, verifies the rest when asked (--verify, --only-live), adds what
// fin.also returns, sorts them, and fixes the folder the report's paths are relative to.
// Every report the command writes is made from the run it returns.
func (o *outputFlags) finish(ctx context.Context, e *env, cfg *config.Config, fs []scanner.Finding, fin finishing) *report.Run {
	fs = keep(cfg, fs)
	if o.accepted != nil {
		n := len(fs)
		fs = o.accepted.Filter(fs)
		o.scanned.accepted = n - len(fs)
	}
	fs = o.verify.run(ctx, e, o.quiet, fs)
	if fin.also != nil {
		fs = append(fs, fin.also(fs)...)
	}
	report.Sort(fs)
	base := fin.base
	if base == "" {
		base, _ = os.Getwd()
	}
	return &report.Run{Findings: fs, Rules: cfg.Reported(), Keys: cfg.Scanning(), Version: version(), BaseDir: base,
		Repos: fin.repos}
}

// write finishes the findings, formats them and sends them to --output or standard
// output, returning errFindings when there are any.
func (o *outputFlags) write(ctx context.Context, e *env, rep report.Reporter, cfg *config.Config, fs []scanner.Finding, fin finishing) error {
	return o.emit(e, rep, cfg, o.finish(ctx, e, cfg, fs, fin))
}

// emit formats a finished run and sends it to --output or standard output,
// returning errFindings when it holds findings.
func (o *outputFlags) emit(e *env, rep report.Reporter, cfg *config.Config, finished *report.Run) error {
	fs := finished.Findings
	run := *finished
	run.ShowSecrets = o.showSecrets
	run.Color = o.output == "" && o.format == "text" && colorOK(e.stdout)
	var buf bytes.Buffer
	if err := rep.Report(&buf, &run); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	if o.output != "" {
		if err := atomicfile.Write(o.output, buf.Bytes(), 0o644); err != nil {
			return err
		}
	} else if _, err := e.stdout.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	if !o.quiet {
		sc := o.scanned
		if sc.config == "" && cfg.Path != config.DefaultName {
			sc.config = cfg.Path
		}
		if sc.what == "" {
			sc.what = "nothing"
		}
		sc.unread, sc.strict = o.unread.Load(), o.strict
		what := "report"
		if o.format == baselineFormat {
			what = "baseline"
		}
		fmt.Fprintln(e.stderr, summary(sc, fs, o.output, what))
	}
	if n := o.unread.Load(); n > 0 && o.strict {
		return fmt.Errorf("--strict: %d %s could not be read in full", n, plural(int(n), "path", "paths"))
	}
	if len(fs) > 0 {
		return errFindings
	}
	return nil
}

// colorOK reports whether w is a terminal that wants colour.
func colorOK(w any) bool {
	if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	return isTerminal(w)
}

func isTerminal(w any) bool {
	f, ok := underlying(w).(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// problems returns the printer of troubles that do not stop a run, one line each on
// standard error (none with --quiet); it may be called from several goroutines.
//
// keys are the configuration's rules: a note's path may hold a key of a custom rule.
func (o *outputFlags) problems(e *env, keys *rules.Set) func(*source.Problem) {
	stderr := redacting{w: e.stderr, keys: keys}
	var mu sync.Mutex
	return func(p *source.Problem) {
		if !p.Notice {
			o.unread.Add(1)
		}
		if o.quiet {
			return
		}
		clear := ""
		if isTerminal(e.stderr) {
			clear = "\r\x1b[K" // a progress line may be showing: the note takes its place
		}
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(stderr, "%skeylint: %s: %s\n", clear, quotePath(p.Path), noteText(p.Err))
	}
}
