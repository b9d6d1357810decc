package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDescribeBuild(t *testing.T) {
	vcs := func(rev, at, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.time", Value: at}, {Key: "vcs.modified", Value: modified}}
	}
	for _, tc := range []struct {
		name string
		bi   debug.BuildInfo
		want string
	}{
		{"release", debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.1.0"}, Settings: vcs("8e3670cfe003", "2026-12-01T09:35:51Z", "false")},
			"keylint v0.1.0 (revision 8e3670cfe003, 2026-12-01T09:35:51Z), go1.26.8"},
		{"clone with changes", debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-20261201093551-8e3670cfe003+dirty"}, Settings: vcs("8e3670cfe003", "2026-12-01T09:35:51Z", "true")},
			"keylint v0.0.0-20261201093551-8e3670cfe003+dirty (revision 8e3670cfe003, 2026-12-01T09:35:51Z, with uncommitted changes), go1.26.8"},
		{"no vcs", debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}},
			"keylint (devel), go1.26.8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, describeBuild(&tc.bi)); diff != "" {
				t.Errorf("describeBuild (-want +got):\n%s", diff)
			}
		})
	}
}

// TestVersionFromClone builds keylint from a clone of this repository, as the README's install
// route does, and checks that keylint version names the clone's revision.
func TestVersionFromClone(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds keylint from a clone")
	}
	needTools(t, "git", "go")
	root := repoRoot(t)
	if _, err := os.Stat(filepath.Join(root, ".git")); err != nil {
		t.Skipf("not a git checkout: %v", err)
	}
	clone := filepath.Join(t.TempDir(), "keylint")
	mustGit(t, filepath.Dir(clone), "clone", "-q", "--no-hardlinks", root, clone)
	rev := strings.TrimSpace(mustGit(t, clone, "rev-parse", "HEAD"))
	exe := filepath.Join(t.TempDir(), "keylint")
	build := exec.Command("go", "build", "-buildvcs=true", "-o", exe, "./cmd/keylint")
	build.Dir = clone
	build.Env = append(os.Environ(), "GOFLAGS=")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build in the clone: %v\n%s", err, out)
	}
	for _, args := range [][]string{{"version"}, {"--version"}} {
		out, err := exec.Command(exe, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("keylint %v: %v\n%s", args, err, out)
		}
		if !strings.Contains(string(out), "(revision "+rev) || strings.Contains(string(out), "(devel)") {
			t.Errorf("keylint %v = %q, want the module version and revision %s", args, out, rev)
		}
	}
}
