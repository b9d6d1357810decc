package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	gitconfig "github.com/go-git/go-git/v5/config"
	"github.com/spf13/cobra"

	"github.com/keylint/keylint/scanner/history"
)

// hookMarker is in every hook keylint writes; uninstall removes only files that carry it.
const hookMarker = "# Written by keylint hook install; keylint hook uninstall removes it."

// savedSuffix names the hook that --force moved aside.
const savedSuffix = ".keylint-saved"

func newHookCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "hook",
		Short: "Install or remove a native git pre-commit hook that runs keylint git --staged",
	}
	var force bool
	var repo string
	install := &cobra.Command{
		Use:   "install",
		Short: "Write .git/hooks/pre-commit to run this keylint binary on every commit",
		Long: "Install writes a pre-commit hook that runs `keylint git --staged` with this binary (found again on\n" +
			"PATH if it has moved): a commit that adds a key is refused. An existing hook written by someone\n" +
			"else is kept and nothing is written, unless --force, which moves it aside to pre-commit" + savedSuffix + ".",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return hookInstall(e, repo, force) },
	}
	install.Flags().BoolVar(&force, "force", false, "replace an existing pre-commit hook (kept as pre-commit"+savedSuffix+")")
	uninstall := &cobra.Command{
		Use:   "uninstall",
		Short: "Remove the pre-commit hook keylint wrote (and restore the one --force moved aside)",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, args []string) error { return hookUninstall(e, repo) },
	}
	for _, c := range []*cobra.Command{install, uninstall} {
		c.Flags().StringVarP(&repo, "repo", "C", ".", "the repository (`DIR`)")
	}
	cmd.AddCommand(install, uninstall)
	return cmd
}

// hookPath is the pre-commit hook file of the repository at repo.
func hookPath(repo string) (string, error) {
	lay, err := history.Resolve(repo)
	if err != nil {
		return "", err
	}
	return filepath.Join(lay.HooksDir(), "pre-commit"), nil
}

// hookScript runs the binary at exe, or keylint from PATH if exe is gone.
func hookScript(exe string) string {
	q := "'" + strings.ReplaceAll(exe, "'", `'\''`) + "'"
	return "#!/bin/sh\n" + hookMarker + "\n" +
		"# It refuses a commit whose staged changes add a GonkaGate or FastGPT key.\n" +
		"keylint=" + q + "\n" +
		"[ -x \"$keylint\" ] || keylint=keylint\n" +
		"exec \"$keylint\" git --staged\n"
}

func hookInstall(e *env, repo string, force bool) error {
	p, err := hookPath(repo)
	if err != nil {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("finding this binary: %w", err)
	}
	if abs, err := filepath.EvalSymlinks(exe); err == nil {
		exe = abs
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
			"(--force moves it to pre-commit%s and installs keylint's; or add `keylint git --staged` to it yourself)", p, savedSuffix)
	default:
		if err := os.Rename(p, p+savedSuffix); err != nil {
			return fmt.Errorf("moving the existing hook aside: %w", err)
		}
		fmt.Fprintf(e.stderr, "keylint: the existing hook was moved to %s\n", p+savedSuffix)
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fmt.Errorf("creating the hooks folder: %w", err)
	}
	if err := os.WriteFile(p, []byte(hookScript(exe)), 0o755); err != nil {
		return fmt.Errorf("writing the hook: %w", err)
	}
	if err := os.Chmod(p, 0o755); err != nil {
		return fmt.Errorf("making the hook executable: %w", err)
	}
	fmt.Fprintf(e.stdout, "keylint: installed %s (runs %s git --staged)\n", p, exe)
	if hp := hooksPathSetting(repo); hp != "" {
		fmt.Fprintf(e.stderr, "keylint: core.hooksPath is set to %s, so git runs the hooks there, not this one; "+
			"add `keylint git --staged` to %s/pre-commit\n", hp, hp)
	}
	return nil
}

// hooksPathSetting returns core.hooksPath from the repository's own config file, or "".
// The file is only read, never executed.
func hooksPathSetting(repo string) string {
	lay, err := history.Resolve(repo)
	if err != nil {
		return ""
	}
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

func hookUninstall(e *env, repo string) error {
	p, err := hookPath(repo)
	if err != nil {
		return err
	}
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
