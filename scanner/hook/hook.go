// Package hook writes, removes and finds keylint's git pre-commit hook: where git runs hooks
// from (core.hooksPath or .git/hooks), the script, and moving aside a hook that was there.
// It prints nothing: it returns what it did for the command to say.
package hook

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	gitconfig "github.com/go-git/go-git/v5/config"

	"github.com/keylint/keylint/internal/atomicfile"
	"github.com/keylint/keylint/scanner/history"
)

// Marker is in every hook keylint writes; Uninstall removes only files that carry it.
const Marker = "# Written by keylint hook install; keylint hook uninstall removes it."

// SavedSuffix names the hook that --force moved aside; keylint's hook runs it after its own check.
const SavedSuffix = ".keylint-saved"

// Dir is the folder git runs the repository's hooks from: core.hooksPath when set (from
// any level of git's configuration, asked of git itself when it is on PATH), else .git/hooks
// in the common git folder.
func Dir(repo string) (string, history.Layout, error) {
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
	if hp := pathSetting(lay); hp != "" {
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

// pathSetting returns core.hooksPath from the repository's own config file, or "".
// The file is only read, never executed.
func pathSetting(lay history.Layout) string {
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

// Script runs keylint at exe, or keylint from PATH if exe is gone, and refuses the commit
// when neither is there; then the hook --force moved aside, if it is executable.
func Script(exe string) string {
	q := "'" + strings.ReplaceAll(exe, "'", `'\''`) + "'"
	return "#!/bin/sh\n" + Marker + "\n" +
		"# It refuses a commit whose staged changes add a GonkaGate or FastGPT key, then runs the hook\n" +
		"# that keylint hook install --force moved to pre-commit" + SavedSuffix + ", if any.\n" +
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
		"saved=\"$(dirname \"$0\")/pre-commit" + SavedSuffix + "\"\n" +
		"if [ -x \"$saved\" ]; then\n" +
		"\texec \"$saved\" \"$@\"\n" +
		"fi\n"
}

// TemporaryBuild reports whether exe lies in Go's build cache or a go run work folder,
// which Go deletes: a hook naming it would stop working.
func TemporaryBuild(exe string) bool {
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

// within reports whether p is dir or lies below it.
func within(p, dir string) bool {
	return p == dir || strings.HasPrefix(p, strings.TrimSuffix(dir, string(filepath.Separator))+string(filepath.Separator))
}

// Installed says what Install did.
type Installed struct {
	Path    string // the hook written
	MovedTo string // where a hook keylint did not write was moved (with force), or ""
}

// Install writes keylint's pre-commit hook, running exe, into the hooks folder dir. A hook
// keylint wrote is rewritten; another one is kept and Install fails, unless force, which
// moves it to pre-commit+SavedSuffix for keylint's hook to run after its own check.
func Install(dir, exe string, force bool) (Installed, error) {
	p := filepath.Join(dir, "pre-commit")
	res := Installed{Path: p}
	old, err := os.ReadFile(p)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return res, fmt.Errorf("reading the existing hook: %w", err)
	case bytes.Contains(old, []byte(Marker)):
		// Ours: rewrite it (the binary may have moved).
	case !force:
		return res, fmt.Errorf("%s exists and was not written by keylint; it is kept and nothing was installed "+
			"(--force moves it to pre-commit%s and runs it after keylint's check; or add `keylint git --staged` to it yourself)", p, SavedSuffix)
	default:
		if _, err := os.Lstat(p + SavedSuffix); err == nil {
			return res, fmt.Errorf("%s exists and so does %s from an earlier --force; nothing was installed "+
				"(merge or remove one of them first)", p, p+SavedSuffix)
		}
		if err := os.Rename(p, p+SavedSuffix); err != nil {
			return res, fmt.Errorf("moving the existing hook aside: %w", err)
		}
		res.MovedTo = p + SavedSuffix
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return res, fmt.Errorf("creating the hooks folder %s: %w; no hook protects this repository", dir, err)
	}
	if err := atomicfile.Write(p, []byte(Script(exe)), 0o755); err != nil {
		return res, fmt.Errorf("writing the hook: %w; no hook protects this repository", err)
	}
	if err := os.Chmod(p, 0o755); err != nil {
		return res, fmt.Errorf("making the hook executable: %w; git will not run it", err)
	}
	return res, nil
}

// Removed says what Uninstall did.
type Removed struct {
	Path     string // the hook's path
	None     bool   // there was no hook: nothing was removed
	Gone     bool   // keylint's hook was removed
	Restored string // the hook keylint had moved aside and put back, or ""
}

// Uninstall removes keylint's pre-commit hook from the hooks folder dir, and puts back the
// hook Install moved aside, if any; a hook keylint did not write is left as is (an error).
func Uninstall(dir string) (Removed, error) {
	p := filepath.Join(dir, "pre-commit")
	res := Removed{Path: p}
	old, err := os.ReadFile(p)
	switch {
	case errors.Is(err, os.ErrNotExist):
		res.None = true
		return res, nil
	case err != nil:
		return res, fmt.Errorf("reading the hook: %w", err)
	case !bytes.Contains(old, []byte(Marker)):
		return res, fmt.Errorf("%s was not written by keylint; left as is", p)
	}
	if err := os.Remove(p); err != nil {
		return res, fmt.Errorf("removing the hook: %w", err)
	}
	res.Gone = true
	if _, err := os.Stat(p + SavedSuffix); err == nil {
		if err := os.Rename(p+SavedSuffix, p); err != nil {
			return res, fmt.Errorf("restoring the hook keylint moved aside: %w", err)
		}
		res.Restored = p + SavedSuffix
	}
	return res, nil
}
