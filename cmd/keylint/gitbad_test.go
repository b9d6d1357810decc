package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGitBadInputs plays repositories in bad shape through keylint git and checks the
// message and the exit status: never a panic, never a silent stop.
func TestGitBadInputs(t *testing.T) {
	key := ciKey()
	for _, tc := range []struct {
		name   string
		setup  func(t *testing.T, r *ciRepo) []string // the arguments after "git"
		code   int
		stdout string
		stderr string
	}{
		{
			name:  "empty repository",
			setup: func(t *testing.T, r *ciRepo) []string { return []string{r.dir} },
			code:  0,
		},
		{
			name:  "empty repository, staged",
			setup: func(t *testing.T, r *ciRepo) []string { return []string{"--staged", r.dir} },
			code:  0,
		},
		{
			name: "10,000 refs",
			setup: func(t *testing.T, r *ciRepo) []string {
				head := r.commit("key", map[string]string{"k.txt": key + "\n"})
				var b strings.Builder
				for i := range 10000 {
					fmt.Fprintf(&b, "create refs/tags/t%05d %s\n", i, head)
				}
				r.gitStdin(b.String(), "update-ref", "--stdin")
				return []string{r.dir}
			},
			code: 1, stdout: "k.txt:1:1",
		},
		{
			name: "corrupt packfile",
			setup: func(t *testing.T, r *ciRepo) []string {
				r.commit("one", map[string]string{"a.txt": strings.Repeat("filler line\n", 200) + key + "\n"})
				r.commit("two", map[string]string{"b.txt": "clean\n"})
				r.git("gc", "-q")
				packs, _ := filepath.Glob(filepath.Join(r.dir, ".git", "objects", "pack", "*.pack"))
				if len(packs) != 1 {
					t.Fatalf("packs: %v", packs)
				}
				data, err := os.ReadFile(packs[0])
				if err != nil {
					t.Fatal(err)
				}
				for i := len(data) / 3; i < len(data)-40; i += 7 {
					data[i] ^= 0x5a
				}
				os.Chmod(packs[0], 0o644)
				if err := os.WriteFile(packs[0], data, 0o644); err != nil {
					t.Fatal(err)
				}
				return []string{r.dir}
			},
			// What can be read is scanned; what cannot is named. The exit status, as for
			// an unreadable file in keylint scan, says whether keys were found.
			code: 0, stderr: "unreadable",
		},
		{
			name: "index from a newer git",
			setup: func(t *testing.T, r *ciRepo) []string {
				r.commit("one", map[string]string{"a.txt": "clean\n"})
				p := filepath.Join(r.dir, ".git", "index")
				data, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				data[7] = 9 // "DIRC" then a version git has not made yet
				os.WriteFile(p, data, 0o644)
				return []string{"--staged", r.dir}
			},
			code: 2, stderr: "index",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newCIRepo(t, filepath.Join(t.TempDir(), "repo"))
			args := append([]string{"git"}, tc.setup(t, r)...)
			code, stdout, stderr := ciRun(t, r.dir, nil, args...)
			if code != tc.code {
				t.Errorf("exit status %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, stdout, stderr)
			}
			if !strings.Contains(stdout, tc.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tc.stdout, stdout)
			}
			if !strings.Contains(stderr, tc.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tc.stderr, stderr)
			}
			if strings.Contains(stdout+stderr, "panic") || strings.Contains(stdout+stderr, key) {
				t.Errorf("a panic or an unredacted key:\n%s\n%s", stdout, stderr)
			}
		})
	}
}

// gitStdin runs git with input on its standard input.
func (r *ciRepo) gitStdin(input string, args ...string) {
	r.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = r.dir
	cmd.Stdin = strings.NewReader(input)
	if out, err := cmd.CombinedOutput(); err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}
