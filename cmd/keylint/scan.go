package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/envfile"
	"github.com/keylint/keylint/scanner/frontend"
	"github.com/keylint/keylint/scanner/rules"
	"github.com/keylint/keylint/scanner/source"
)

type scanFlags struct {
	outputFlags
	siteFlags
	noIgnore bool
}

func newScanCmd(e *env) *cobra.Command {
	var f scanFlags
	cmd := &cobra.Command{
		Use:   "scan [PATH|URL...]",
		Short: "Scan files and folders (default .), standard input (-) or web sites (http/https URLs) for keys",
		Long: "Scan walks the named files and folders in parallel, skipping .git, what .gitignore ignores\n" +
			"(for paths found by walking, inside a git work tree) and binary files. A path named on the\n" +
			"command line is always scanned. - reads standard input. An http or https URL is fetched as a\n" +
			"browser receives it (page, scripts, chunks, manifests, source maps; no script is run), within\n" +
			"the --max-* and timeout limits, from the URL's own host only unless --allow-host.",
		RunE: func(cmd *cobra.Command, args []string) error {
			return f.run(cmd, e, args)
		},
	}
	f.outputFlags.register(cmd.Flags())
	f.siteFlags.register(cmd.Flags())
	f.verify.register(cmd.Flags(), false)
	cmd.Flags().BoolVar(&f.noIgnore, "no-ignore", false, "scan what .gitignore ignores too")
	return cmd
}

func (f *scanFlags) run(cmd *cobra.Command, e *env, args []string) error {
	if len(args) == 0 {
		args = []string{"."}
	}
	if len(args) > 1 && slices.Contains(args, "-") {
		return usageError{errors.New("- (standard input) cannot be scanned together with paths")}
	}
	rep, err := f.reporter()
	if err != nil {
		return err
	}
	urls, paths := splitURLs(args)
	named := paths
	if len(named) == 0 {
		named = []string{"."} // URLs only: the configuration of the current folder
	}
	roots, err := findScanRoots(named)
	if err != nil {
		return err
	}
	cfg, err := f.scanConfig(roots)
	if err != nil {
		return err
	}
	ctx, cancel := f.context(cmd.Context())
	defer cancel()

	problem := f.problems(e, cfg.Scanning())
	var srcs sources
	found := mapFinder{}
	if len(urls) > 0 {
		st, err := f.crawl(ctx, urls, problem)
		if err != nil {
			return err
		}
		found.site = st
		srcs = append(srcs, st)
	}
	if len(paths) == 1 && paths[0] == "-" {
		srcs = append(srcs, source.Stdin{R: e.stdin})
	} else if len(paths) > 0 {
		srcs = append(srcs, &source.Files{
			Paths:       paths,
			NoIgnore:    f.noIgnore,
			KeepIgnored: envfile.IsEnvFile, // their public variables reach the client even when ignored
			KeepIgnoredDir: func(dir string) (bool, bool) {
				if !cfg.BuildOutput() {
					return false, false
				}
				return frontend.IgnoredOutput(dir)
			},
			Skip:    cfg.Skip,
			Base:    roots.base,
			Problem: problem,
		})
	}
	var src source.Source = srcs
	checks := append(frontend.ChecksWith(found), envfile.NewCheck(f.noIgnore, paths))
	checks = append(checks, f.verify.checks()...)
	sc := scanner.New(cfg.Scanning(), scanner.Options{Checks: checks})
	var findings []scanner.Finding
	var stats scanner.Stats
	start := time.Now()
	prog := startProgress(e.stderr, f.quiet, func(d time.Duration) string {
		return fmt.Sprintf("keylint: %d files, %s, %d findings", stats.Items.Load(), rate(stats.Bytes.Load(), d), stats.Findings.Load())
	})
	restoreGC := looseGC()
	err = sc.Run(ctx, src, f.workers, scanner.Sink{
		Finding: func(fd scanner.Finding) { findings = append(findings, fd) },
		Problem: problem,
	}, &stats)
	prog.Stop()
	restoreGC()
	if ctx.Err() != nil && cmd.Context().Err() == nil {
		return fmt.Errorf("stopped after --timeout %s with %d files scanned; no report written", f.timeout, stats.Items.Load())
	}
	if err != nil {
		return err
	}
	f.scanned = scope{what: filesScanned(stats.Items.Load(), stats.Bytes.Load(), paths, len(urls) > 0), started: start}
	err = f.write(ctx, e, rep, cfg, findings, finishing{})
	if found.site != nil && len(found.site.Unfetched) > 0 && (err == nil || errors.Is(err, errFindings)) {
		// A named URL that answered nothing is a named path that is missing: fail closed.
		return fmt.Errorf("%d named URL(s) could not be fetched, so nothing there was scanned: %s",
			len(found.site.Unfetched), rules.RedactMessage(strings.Join(found.site.Unfetched, ", ")))
	}
	return err
}

// filesScanned says what a files scan read, for the summary line.
func filesScanned(n, size int64, paths []string, urls bool) string {
	if len(paths) == 1 && paths[0] == "-" && !urls {
		return "standard input (" + sizeText(size) + ")"
	}
	what := plural(int(n), "file", "files")
	if urls {
		what = "files and pages"
	}
	return fmt.Sprintf("%d %s (%s)", n, what, sizeText(size))
}
