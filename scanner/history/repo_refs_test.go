//go:build unix

package history

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestRefFilesReadAsGitDoes checks that a FIFO or a link to a device among a repository's
// refs is refused at once, with a message, instead of blocking or reading forever.
func TestRefFilesReadAsGitDoes(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	for _, tc := range []struct {
		name  string
		spoil func(gitDir string) error
		want  string
	}{
		{"fifo HEAD", func(g string) error {
			os.Remove(filepath.Join(g, "HEAD"))
			return syscall.Mkfifo(filepath.Join(g, "HEAD"), 0o644)
		}, "HEAD: not a regular file (a named pipe)"},
		{"fifo branch", func(g string) error {
			p := filepath.Join(g, "refs", "heads", "spoilt")
			return syscall.Mkfifo(p, 0o644)
		}, "spoilt: not a regular file (a named pipe)"},
		{"packed-refs to /dev/zero", func(g string) error { return os.Symlink("/dev/zero", filepath.Join(g, "packed-refs")) }, "packed-refs: not a regular file (a device)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, args := range [][]string{{"init", "-q"}, {"-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "x"}} {
				if out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput(); err != nil {
					t.Fatalf("git %v: %v\n%s", args, err, out)
				}
			}
			if err := tc.spoil(filepath.Join(dir, ".git")); err != nil {
				t.Fatal(err)
			}
			_, err := Resolve(dir)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Resolve: %v, want an error holding %q", err, tc.want)
			}
		})
	}
}
