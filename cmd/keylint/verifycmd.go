package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/keylint/keylint/internal/controlfile"
	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/frontend"
	"github.com/keylint/keylint/scanner/history"
	"github.com/keylint/keylint/scanner/report"
	"github.com/keylint/keylint/scanner/rules"
	"github.com/keylint/keylint/scanner/source"
)

// maxVerifyInput bounds a report or key list read by keylint verify.
const maxVerifyInput = 64 << 20

type verifyCmdFlags struct {
	outputFlags
	root string
}

func newVerifyCmd(e *env) *cobra.Command {
	var f verifyCmdFlags
	cmd := &cobra.Command{
		Use:   "verify [REPORT.json | -]",
		Short: "Ask GonkaGate and FastGPT whether the keys of a JSON report, or keys on standard input, still work",
		Long: "Verify reads a JSON report made by keylint scan, git or ci (or, from standard input, a report or any\n" +
			"text holding keys) and asks each key's provider whether it still works, as --verify does. A report\n" +
			"holds keys redacted unless made with --show-secrets: keylint then reads each key again from the file\n" +
			"the report names, under --root (or, for a history finding, from its commit), and checks it is the\n" +
			"same finding by its fingerprint. Findings whose key cannot be found again are named on standard error.\n\n" +
			"Exit status: 0 no live key, 1 a live key (live or no-funds), 2 error.",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return f.run(cmd, e, args)
		},
	}
	f.register(cmd.Flags())
	f.verify.register(cmd.Flags(), true)
	cmd.Flags().StringVar(&f.root, "root", ".", "the `DIR` a report's paths are relative to (the folder or repository that was scanned)")
	return cmd
}

func (f *verifyCmdFlags) run(cmd *cobra.Command, e *env, args []string) error {
	rep, err := f.reporter()
	if err != nil {
		return err
	}
	cfg, err := f.loadConfig(f.root)
	if err != nil {
		return err
	}
	in := e.stdin
	name := "standard input"
	if len(args) == 1 && args[0] != "-" {
		fh, err := os.Open(args[0])
		if err != nil {
			return fmt.Errorf("reading the report: %w", err)
		}
		defer fh.Close()
		in, name = fh, filepath.Clean(args[0])
	}
	data, err := readAtMost(in, maxVerifyInput)
	if err != nil {
		return fmt.Errorf("reading %s: %w", name, err)
	}
	ctx, cancel := f.context(cmd.Context())
	defer cancel()
	// The bundle check marks the places a report's findings are found again in built output.
	sc := scanner.New(cfg.Rules(), scanner.Options{Checks: append(f.verify.checks(), frontend.Bundle{})})

	var findings []scanner.Finding
	if trimmed := bytes.TrimSpace(data); len(trimmed) > 0 && trimmed[0] == '[' {
		recs, err := report.ReadJSON(trimmed, cfg.Rules())
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		var lost []string
		findings, lost = f.recover(ctx, sc, recs)
		if len(lost) > 0 && !f.quiet {
			fmt.Fprintf(e.stderr, "keylint: %d finding(s) not checked: the report holds their keys redacted and the files no longer hold them "+
				"(check a report later by writing it with --show-secrets, and keep it secret):\n", len(lost))
			for _, l := range lost {
				fmt.Fprintf(e.stderr, "    %s\n", l)
			}
		}
	} else {
		findings, err = sc.Scan(ctx, bytesItem(source.Location{Path: "-"}, data))
		if err != nil {
			return fmt.Errorf("reading keys from %s: %w", name, err)
		}
	}
	run := f.finish(ctx, e, cfg, findings, finishing{})
	findings = run.Findings
	err = f.emit(e, rep, cfg, run)
	if !errors.Is(err, errFindings) {
		return err
	}
	for i := range findings {
		if isLive(&findings[i]) {
			return errFindings
		}
	}
	return nil
}

// recover gives each recorded finding its key: the report's own (written with
// --show-secrets), or the key found again at the place the report names, the same
// finding by fingerprint or by position and redacted form. The rest are lost.
func (f *verifyCmdFlags) recover(ctx context.Context, sc *scanner.Scanner, recs []report.Recorded) (found []scanner.Finding, lost []string) {
	type place struct{ path, commit string }
	cache := map[place][]scanner.Finding{}
	scanAt := func(p place) []scanner.Finding {
		if fs, ok := cache[p]; ok {
			return fs
		}
		var data []byte
		var err error
		if p.commit != "" {
			data, err = history.ReadAt(f.root, p.commit, p.path, maxVerifyInput)
		} else {
			data, err = readBounded(filepath.Join(f.root, filepath.FromSlash(p.path)))
		}
		var fs []scanner.Finding
		if err == nil {
			fs, _ = sc.Scan(ctx, bytesItem(source.Location{Path: p.path}, data))
		}
		cache[p] = fs
		return fs
	}
	for _, r := range recs {
		fd := r.Finding
		places := []place{{path: fd.Location.Path}}
		if c := fd.Location.Commit; c != nil {
			places = append(places, place{path: fd.Location.Path, commit: c.SHA})
		}
		var match *scanner.Finding
		for _, p := range places {
			if match = same(r, scanAt(p)); match != nil {
				break
			}
		}
		switch {
		case match != nil:
			// The scan again also says whether the place is built output (the report's advice).
			fd.Secret, fd.BaseURL, fd.Location.Bundle = match.Secret, match.BaseURL, match.Location.Bundle
		case fd.Secret == "":
			lost = append(lost, fmt.Sprintf("%s:%d:%d: %s %s", quotePath(fd.Location.Display()), fd.Line, fd.Column, fd.RuleID, r.Redacted))
			continue
		}
		found = append(found, fd)
	}
	return found, lost
}

// same picks, among the findings of a place scanned again, the one a report recorded.
func same(r report.Recorded, fs []scanner.Finding) *scanner.Finding {
	var byForm []*scanner.Finding
	for i := range fs {
		g := &fs[i]
		if g.Location.Member != r.Finding.Location.Member {
			continue
		}
		if r.Finding.Secret != "" {
			if g.Secret == r.Finding.Secret {
				return g
			}
			continue
		}
		if g.Fingerprint() == r.Fingerprint {
			return g
		}
		if rules.Redact(g.Secret) == r.Redacted {
			if g.Line == r.Finding.Line && g.Column == r.Finding.Column {
				return g
			}
			byForm = append(byForm, g)
		}
	}
	if len(byForm) == 1 {
		return byForm[0]
	}
	return nil
}

// readBounded reads a regular file of at most maxVerifyInput bytes: a path a report names
// may be a FIFO or a device in the tree now, which is refused rather than waited on.
func readBounded(path string) ([]byte, error) {
	return controlfile.Read(path, controlfile.Options{Limit: maxVerifyInput, Follow: true})
}

// readAtMost reads r whole, or fails when it holds more than limit bytes: a report cut
// short would leave its last findings unchecked without a word.
func readAtMost(r io.Reader, limit int64) ([]byte, error) {
	data, err := controlfile.ReadAtMost(r, limit)
	if _, over := errors.AsType[*controlfile.TooLargeError](err); over {
		return nil, fmt.Errorf("larger than %d bytes", limit)
	}
	return data, err
}

// bytesItem is an item over bytes already read.
func bytesItem(loc source.Location, data []byte) source.Item {
	return source.Item{Location: loc, Size: int64(len(data)), Open: func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(data)), nil
	}}
}
