package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/config"
	"github.com/keylint/keylint/scanner/envfile"
	"github.com/keylint/keylint/scanner/report"
	"github.com/keylint/keylint/scanner/source"
)

func newGitignoreCmd(e *env) *cobra.Command {
	var fix bool
	cmd := &cobra.Command{
		Use:   "gitignore [PATH]",
		Short: "List .env files and patterns .gitignore does not cover; --fix appends the missing lines",
		Long: "gitignore checks the git work tree holding PATH (default .): every .env-style file (.env, .env.*, *.env)\n" +
			"must be ignored, and .env.example, .env.sample and .env.template must stay committable. With --fix it\n" +
			"appends the missing lines (.env, .env.*, !.env.example) to the root .gitignore, creating it if needed and\n" +
			"keeping its content and line endings; running it twice adds nothing. A .env file git already tracks is\n" +
			"listed too: ignoring it is not enough.\n\n" +
			"Exit status: 0 all covered, 1 something is not, 2 error.",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			return runGitignore(e.stdout, e.stderr, dir, fix)
		},
	}
	cmd.Flags().BoolVar(&fix, "fix", false, "append the missing lines to the root .gitignore")
	return cmd
}

func runGitignore(w, stderr io.Writer, dir string, fix bool) error {
	repo, err := envfile.OpenRepo(dir)
	if err != nil || repo == nil {
		return envfileAuditError(dir, err)
	}
	cfg, err := loadRootConfig(repo.Root())
	if err != nil {
		return err
	}
	w = redacting{w: w, keys: cfg.Scanning()} // a .env file's path may hold a key
	sc := scanner.New(cfg.Rules(), scanner.Options{})
	hasKey := func(data []byte) bool { return len(sc.ScanBytes(source.Location{Path: ".env"}, data)) > 0 }
	cov, err := envfile.Audit(dir, hasKey)
	if err != nil {
		return err
	}
	for _, n := range cov.Notes {
		fmt.Fprintf(stderr, "keylint: %v\n", n)
	}
	if fix && len(cov.Missing) > 0 {
		if err := envfile.Fix(cov.Root, cov.Missing); err != nil {
			return err
		}
		fmt.Fprintf(w, "added to .gitignore: %s\n", strings.Join(cov.Missing, ", "))
		if cov, err = envfile.Audit(dir, hasKey); err != nil {
			return err
		}
	}
	bad := len(cov.Uncovered) > 0 || len(cov.Tracked) > 0 || len(cov.Missing) > 0
	if len(cov.Missing) > 0 {
		fmt.Fprintf(w, ".gitignore lacks: %s (keylint gitignore --fix adds them)\n", strings.Join(cov.Missing, ", "))
	}
	for _, p := range cov.Uncovered {
		fmt.Fprintf(w, "%s: not ignored; the next git add . commits it\n", report.SafePath(p))
	}
	keyed := map[string]bool{}
	for _, p := range cov.KeyTracked {
		keyed[p] = true
	}
	for _, p := range cov.Tracked {
		if keyed[p] {
			fmt.Fprintf(w, "%s: tracked by git and holds a key; ignoring it is not enough: git rm --cached %s, rotate the key, "+
				"and scrub it from history (git filter-repo --invert-paths --path %s)\n", report.SafePath(p), report.SafePath(p), report.SafePath(p))
			continue
		}
		fmt.Fprintf(w, "%s: tracked by git; ignoring it is not enough: git rm --cached %s\n", report.SafePath(p), report.SafePath(p))
	}
	if bad {
		return errFindings
	}
	if !fix {
		fmt.Fprintln(w, ".env files are covered by .gitignore")
	}
	return nil
}

func envfileAuditError(dir string, err error) error {
	if err != nil {
		return err
	}
	return fmt.Errorf("%s is not inside a git work tree", dir)
}

// loadRootConfig reads .keylint.yaml at root, or the defaults.
func loadRootConfig(root string) (*config.Config, error) {
	return config.LoadIn(root)
}
