package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	gitconfig "github.com/go-git/go-git/v5/config"
	"github.com/spf13/cobra"

	"github.com/keylint/keylint/internal/atomicfile"
	"github.com/keylint/keylint/scanner/history"
)

// hookMarker is in every hook keylint writes; uninstall removes only files that carry it.
const hookMarker = "# Written by keylint hook install; keylint hook uninstall removes it."

// savedSuffix names the hook that --force moved aside; keylint's hook runs it after its own check.
const savedSuffix = ".keylint-saved"

func newHookCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "hook",
		Short: "Install, test or remove a native git pre-commit hook that runs keylint git --staged",
	}
	var force bool
	var repo string
	install := &cobra.Command{
		Use:   "install",
		Short: "Write the pre-commit hook (in core.hooksPath when set) to run keylint on every commit",
		Long: "Install writes a pre-commit hook that runs `keylint git --staged` with this binary (or keylint on PATH\n" +
			"when this one is a temporary go run build): a commit that adds a key is refused, and so is a commit\n" +
			"when keylint cannot be found. The hook goes where git runs hooks: core.hooksPath when set, else\n" +
			".git/hooks. An existing hook written by someone else is kept and nothing is written, unless --force,\n" +
			"which moves it to pre-commit" + savedSuffix + " and runs it after keylint's check (stopping at the first failure).",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return hookInstall(e, repo, force) },
	}
	install.Flags().BoolVar(&force, "force", false, "replace an existing pre-commit hook, which keylint's hook then runs after its own check")
	uninstall := &cobra.Command{
		Use:   "uninstall",
		Short: "Remove the pre-commit hook keylint wrote (and restore the one --force moved aside)",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, args []string) error { return hookUninstall(e, repo) },
	}
	test := &cobra.Command{
		Use:   "test",
		Short: "Prove that the installed pre-commit hook refuses a key, without touching the index or work tree",
		Long: "Test stages a made-up canary key in a temporary index (GIT_INDEX_FILE) holding HEAD's tree and runs\n" +
			"the pre-commit hook git would run. It exits 0 only when the hook refused the commit and named the\n" +
			"canary; 2 when there is no hook, git would not run it, it is not keylint's own (another may change the\n" +
			"work tree, so it is not run), or it let the key through. The canary's blob is\n" +
			"written to the object store unreferenced (git gc removes it); the index and work tree are not touched.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return hookTest(e, repo) },
	}
	for _, c := range []*cobra.Command{install, uninstall, test} {
		c.Flags().StringVarP(&repo, "repo", "C", ".", "the repository (`DIR`)")
	}
	cmd.AddCommand(install, uninstall, test)
	return cmd
}

// hooksDir is the folder git runs the repository's hooks from: core.hooksPath when set (from
// any level of git's configuration, asked of git itself when it is on PATH), else .git/hooks
// in the common git folder.
func hooksDir(repo string) (string, history.Layout, error) {
	lay, err := history.Resolve(repo)
	if err != nil {
		return "", lay, err
	}
	top := lay.WorkTree
	if top == "" {
		top = lay.GitDir
	}
	if _, err := exec.LookPath("git"); err == nil {
		cmd := exec.Command("git", "rev-parse", "--git-path", "hooks")
		cmd.Dir = top
		if out, err := cmd.Output(); err == nil {
			if p := strings.TrimSpace(string(out)); p != "" {
				if !filepath.IsAbs(p) {
					p = filepath.Join(top, p)
				}
				return filepath.Clean(p), lay, nil
			}
		}
	}
	if hp := hooksPathSetting(lay); hp != "" {
		if strings.HasPrefix(hp, "~/") {
			if home, err := os.UserHomeDir(); err == nil {
				hp = filepath.Join(home, hp[2:])
			}
		}
		if !filepath.IsAbs(hp) {
			hp = filepath.Join(top, hp)
		}
		return filepath.Clean(hp), lay, nil
	}
	return lay.HooksDir(), lay, nil
}

// hooksPathSetting returns core.hooksPath from the repository's own config file, or "".
// The file is only read, never executed.
func hooksPathSetting(lay history.Layout) string {
	f, err := os.Open(filepath.Join(lay.CommonDir, "config"))
	if err != nil {
		return ""
	}
	defer f.Close()
	cfg, err := gitconfig.ReadConfig(f)
	if err != nil {
		return ""
	}
	return cfg.Raw.Section("core").Option("hooksPath")
}

// hookScript runs keylint at exe, or keylint from PATH if exe is gone, and refuses the commit
// when neither is there; then the hook --force moved aside, if it is executable.
func hookScript(exe string) string {
	q := "'" + strings.ReplaceAll(exe, "'", `'\''`) + "'"
	return "#!/bin/sh\n" + hookMarker + "\n" +
		"# It refuses a commit whose staged changes add a GonkaGate or FastGPT key, then runs the hook\n" +
		"# that keylint hook install --force moved to pre-commit" + savedSuffix + ", if any.\n" +
		"installed=" + q + "\n" +
		"keylint=$installed\n" +
		"if [ ! -x \"$keylint\" ]; then\n" +
		"\tkeylint=$(command -v keylint) || {\n" +
		"\t\techo \"keylint: the pre-commit hook cannot find keylint (not at $installed, not on PATH); the commit is refused so that no key slips through.\" >&2\n" +
		"\t\techo \"keylint: install it (go install ./cmd/keylint in a clone of keylint) and run keylint hook install again, or commit with --no-verify.\" >&2\n" +
		"\t\texit 1\n" +
		"\t}\n" +
		"fi\n" +
		"\"$keylint\" git --staged || exit $?\n" +
		"saved=\"$(dirname \"$0\")/pre-commit" + savedSuffix + "\"\n" +
		"if [ -x \"$saved\" ]; then\n" +
		"\texec \"$saved\" \"$@\"\n" +
		"fi\n"
}

// temporaryBuild reports whether exe lies in Go's build cache or a go run work folder,
// which Go deletes: a hook naming it would stop working.
func temporaryBuild(exe string) bool {
	if c := os.Getenv("GOCACHE"); c != "" && within(exe, filepath.Clean(c)) {
		return true
	}
	for _, part := range strings.Split(filepath.ToSlash(exe), "/") {
		if strings.HasPrefix(part, "go-build") {
			return true
		}
	}
	return false
}

// hookBinary is the keylint the hook runs: this binary, or, when this one is a temporary
// go run build, keylint on PATH.
func hookBinary(e *env) (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("finding this binary: %w", err)
	}
	if abs, err := filepath.EvalSymlinks(exe); err == nil {
		exe = abs
	}
	if !temporaryBuild(exe) {
		return exe, nil
	}
	if p, err := exec.LookPath("keylint"); err == nil {
		if abs, err := filepath.Abs(p); err == nil {
			p = abs
		}
		if real, err := filepath.EvalSymlinks(p); err == nil && !temporaryBuild(real) {
			fmt.Fprintf(e.stderr, "keylint: this keylint is a temporary build (go run); the hook runs %s from PATH instead\n", p)
			return p, nil
		}
	}
	return "", fmt.Errorf("this keylint is a temporary build in Go's cache (%s), which Go deletes, and no keylint is on PATH; "+
		"nothing was installed. Install keylint first (in a clone: go install ./cmd/keylint, with $(go env GOPATH)/bin on PATH), "+
		"then run keylint hook install", exe)
}

func hookInstall(e *env, repo string, force bool) error {
	dir, _, err := hooksDir(repo)
	if err != nil {
		return err
	}
	p := filepath.Join(dir, "pre-commit")
	exe, err := hookBinary(e)
	if err != nil {
		return err
	}
	old, err := os.ReadFile(p)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return fmt.Errorf("reading the existing hook: %w", err)
	case bytes.Contains(old, []byte(hookMarker)):
		// Ours: rewrite it (the binary may have moved).
	case !force:
		return fmt.Errorf("%s exists and was not written by keylint; it is kept and nothing was installed "+
			"(--force moves it to pre-commit%s and runs it after keylint's check; or add `keylint git --staged` to it yourself)", p, savedSuffix)
	default:
		if _, err := os.Lstat(p + savedSuffix); err == nil {
			return fmt.Errorf("%s exists and so does %s from an earlier --force; nothing was installed "+
				"(merge or remove one of them first)", p, p+savedSuffix)
		}
		if err := os.Rename(p, p+savedSuffix); err != nil {
			return fmt.Errorf("moving the existing hook aside: %w", err)
		}
		fmt.Fprintf(e.stderr, "keylint: the existing hook was moved to %s; keylint's hook runs it after its own check\n", p+savedSuffix)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating the hooks folder %s: %w; no hook protects this repository", dir, err)
	}
	if err := atomicfile.Write(p, []byte(hookScript(exe)), 0o755); err != nil {
		return fmt.Errorf("writing the hook: %w; no hook protects this repository", err)
	}
	if err := os.Chmod(p, 0o755); err != nil {
		return fmt.Errorf("making the hook executable: %w; git will not run it", err)
	}
	fmt.Fprintf(e.stdout, "keylint: installed %s (runs %s git --staged); keylint hook test checks that it refuses a key\n", p, exe)
	return nil
}

func hookUninstall(e *env, repo string) error {
	dir, _, err := hooksDir(repo)
	if err != nil {
		return err
	}
	p := filepath.Join(dir, "pre-commit")
	old, err := os.ReadFile(p)
	switch {
	case errors.Is(err, os.ErrNotExist):
		fmt.Fprintf(e.stdout, "keylint: no pre-commit hook at %s; nothing to remove\n", p)
		return nil
	case err != nil:
		return fmt.Errorf("reading the hook: %w", err)
	case !bytes.Contains(old, []byte(hookMarker)):
		return fmt.Errorf("%s was not written by keylint; left as is", p)
	}
	if err := os.Remove(p); err != nil {
		return fmt.Errorf("removing the hook: %w", err)
	}
	fmt.Fprintf(e.stdout, "keylint: removed %s\n", p)
	if _, err := os.Stat(p + savedSuffix); err == nil {
		if err := os.Rename(p+savedSuffix, p); err != nil {
			return fmt.Errorf("restoring the hook keylint moved aside: %w", err)
		}
		fmt.Fprintf(e.stdout, "keylint: restored the earlier hook from %s\n", p+savedSuffix)
	}
	return nil
}
