package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/keylint/keylint/scanner/hook"
)

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
			"which moves it to pre-commit" + hook.SavedSuffix + " and runs it after keylint's check (stopping at the first failure).",
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
	if !hook.TemporaryBuild(exe) {
		return exe, nil
	}
	if p, err := exec.LookPath("keylint"); err == nil {
		if abs, err := filepath.Abs(p); err == nil {
			p = abs
		}
		if real, err := filepath.EvalSymlinks(p); err == nil && !hook.TemporaryBuild(real) {
			fmt.Fprintf(e.stderr, "keylint: this keylint is a temporary build (go run); the hook runs %s from PATH instead\n", p)
			return p, nil
		}
	}
	return "", fmt.Errorf("this keylint is a temporary build in Go's cache (%s), which Go deletes, and no keylint is on PATH; "+
		"nothing was installed. Install keylint first (in a clone: go install ./cmd/keylint, with $(go env GOPATH)/bin on PATH), "+
		"then run keylint hook install", exe)
}

func hookInstall(e *env, repo string, force bool) error {
	dir, _, err := hook.Dir(repo)
	if err != nil {
		return err
	}
	exe, err := hookBinary(e)
	if err != nil {
		return err
	}
	res, err := hook.Install(dir, exe, force)
	if res.MovedTo != "" {
		fmt.Fprintf(e.stderr, "keylint: the existing hook was moved to %s; keylint's hook runs it after its own check\n", res.MovedTo)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "keylint: installed %s (runs %s git --staged); keylint hook test checks that it refuses a key\n", res.Path, exe)
	return nil
}

func hookUninstall(e *env, repo string) error {
	dir, _, err := hook.Dir(repo)
	if err != nil {
		return err
	}
	res, err := hook.Uninstall(dir)
	if res.None {
		fmt.Fprintf(e.stdout, "keylint: no pre-commit hook at %s; nothing to remove\n", res.Path)
		return nil
	}
	if res.Gone {
		fmt.Fprintf(e.stdout, "keylint: removed %s\n", res.Path)
	}
	if err != nil {
		return err
	}
	if res.Restored != "" {
		fmt.Fprintf(e.stdout, "keylint: restored the earlier hook from %s\n", res.Restored)
	}
	return nil
}
