package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/keylint/keylint/internal/testkey"
	"github.com/keylint/keylint/scanner/config"
	"github.com/keylint/keylint/scanner/hook"
)

// canaryPaths are where the canary may be staged, the first one the configuration does not exclude.
var canaryPaths = []string{"keylint-hook-test-canary.txt", "keylint-hook-test/canary.py", "keylint-hook-test/canary.go"}

// hookTest stages a canary key in a temporary index and runs the pre-commit hook git would run,
// succeeding only when the hook refuses the commit and names the canary.
func hookTest(e *env, repo string) error {
	dir, lay, err := hook.Dir(repo)
	if err != nil {
		return err
	}
	if lay.WorkTree == "" {
		return errors.New("a bare repository has no work tree to commit from; run keylint hook test in a clone")
	}
	script := filepath.Join(dir, "pre-commit")
	st, err := os.Stat(script)
	if err != nil {
		return fmt.Errorf("no pre-commit hook at %s, so nothing stops a commit with a key (keylint hook install writes one): %w", script, err)
	}
	if st.Mode()&0o111 == 0 {
		return fmt.Errorf("%s is not executable, so git does not run it (chmod +x it)", script)
	}
	if body, err := os.ReadFile(script); err != nil {
		return fmt.Errorf("reading the hook: %w", err)
	} else if !bytes.Contains(body, []byte(hook.Marker)) {
		// Another hook may change the work tree: pre-commit's stashes unstaged changes and checks
		// out the index, which here holds the canary. Only keylint's own hook is known to just read.
		return fmt.Errorf("%s was not written by keylint hook install; keylint hook test runs only keylint's own hook, "+
			"since another (pre-commit's stashes and restores the work tree) could change files. With the pre-commit "+
			"framework, check it with: pre-commit run keylint (after staging a test key), or keylint hook install --force to chain it", script)
	}
	if _, err := exec.LookPath("git"); err != nil {
		return fmt.Errorf("keylint hook test stages its canary with git, which is not on PATH: %w", err)
	}
	cfg, err := (&outputFlags{}).loadConfig(lay.WorkTree)
	if err != nil {
		return err
	}
	name, key, err := canary(cfg)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "keylint-hook-test-")
	if err != nil {
		return fmt.Errorf("making a temporary index: %w", err)
	}
	defer os.RemoveAll(tmp)
	index := filepath.Join(tmp, "index")
	gitEnv := append(os.Environ(), "GIT_INDEX_FILE="+index)
	git := func(stdin string, args ...string) (string, error) {
		cmd := exec.Command("git", args...)
		cmd.Dir = lay.WorkTree
		cmd.Env = gitEnv
		cmd.Stdin = strings.NewReader(stdin)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return "", fmt.Errorf("git %s: %w: %s", args[0], err, strings.TrimSpace(stderr.String()))
		}
		return strings.TrimSpace(string(out)), nil
	}
	tree := []string{"read-tree", "HEAD"}
	if _, err := git("", "rev-parse", "--verify", "-q", "HEAD^{commit}"); err != nil {
		tree = []string{"read-tree", "--empty"} // no commits yet
	}
	if _, err := git("", tree...); err != nil {
		return err
	}
	blob, err := git("KEYLINT_HOOK_TEST = \""+key+"\"  # a made-up canary from keylint hook test; never committed\n", "hash-object", "-w", "--stdin")
	if err != nil {
		return err
	}
	if _, err := git("", "update-index", "--add", "--cacheinfo", "100644,"+blob+","+name); err != nil {
		return err
	}

	cmd := exec.Command(script)
	cmd.Dir = lay.WorkTree
	cmd.Env = gitEnv
	out, runErr := cmd.CombinedOutput()
	fmt.Fprintf(e.stderr, "keylint: ran %s with a canary key staged as %s in a temporary index; it said:\n", script, name)
	for _, line := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
		fmt.Fprintf(e.stderr, "    %s\n", strings.ReplaceAll(line, key, "[canary]"))
	}
	switch {
	case runErr == nil:
		return fmt.Errorf("the pre-commit hook at %s let a staged key through (exit status 0): commits are not protected", script)
	case !strings.Contains(string(out), name):
		return fmt.Errorf("the pre-commit hook at %s failed (%v) without naming the canary: it may refuse every commit, or fail for another reason", script, runErr)
	}
	fmt.Fprintf(e.stdout, "keylint: the pre-commit hook at %s refused the canary key: commits that add a key are blocked\n", script)
	return nil
}

// canary returns a path the configuration scans and a made-up key one of its rules reports.
func canary(cfg *config.Config) (string, string, error) {
	name := ""
	for _, p := range canaryPaths {
		if !cfg.Skip(p, false) {
			name = p
			break
		}
	}
	if name == "" {
		return "", "", fmt.Errorf("%s excludes every path the canary could take (%s)", cfg.Path, strings.Join(canaryPaths, ", "))
	}
	for _, r := range cfg.Rules().Rules() {
		if len(r.Prefixes) == 0 || len(r.Shapes) == 0 || r.Check {
			continue
		}
		shape := r.Shapes[0]
		n := min(max(40, shape.Min), shape.Max)
		for range 20 {
			// A lower-case letter first, as every body-start rule allows, then [A-Za-z0-9].
			key := r.Prefixes[0] + testkey.From(nil, "abcdefghijklmnopqrstuvwxyz", 1) + testkey.Body(nil, n-1)
			if ms := cfg.Rules().Find([]byte(" " + key + " ")); len(ms) == 1 && ms[0].Key == key {
				return name, key, nil
			}
		}
	}
	return "", "", fmt.Errorf("no rule of %s recognises a canary key (are the built-in rules disabled?)", cfg.Path)
}
