package history_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/history"
)

// bigRepo makes a packed repository of files files with the git binary and stages a small change:
// one edited file and one new file holding a key.
func bigRepo(tb testing.TB, files int, key string) string {
	tb.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		tb.Skip("git not on PATH")
	}
	dir := tb.TempDir()
	gitCmd := func(args ...string) {
		tb.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=Dev", "-c", "user.email=dev@example.com",
			"-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null", "-c", "gc.auto=0"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			tb.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	gitCmd("init", "-q")
	for i := range files {
		p := filepath.Join(dir, fmt.Sprintf("pkg%02d/sub%02d/file%05d.go", i%40, (i/40)%10, i))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, fmt.Appendf(nil, "package p\n\n// file %d\nvar x%d = %d\n", i, i, i), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	gitCmd("add", "-A")
	gitCmd("commit", "-q", "-m", "import")
	gitCmd("repack", "-adq")
	edit := filepath.Join(dir, "pkg07/sub03/file00127.go")
	if err := os.WriteFile(edit, []byte("package p\n// edited\n"), 0o644); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "pkg07/sub03/secret.go"), []byte("package p\nconst k = \""+key+"\"\n"), 0o644); err != nil {
		tb.Fatal(err)
	}
	gitCmd("add", "pkg07")
	return dir
}

// BenchmarkStaged measures keylint git --staged on 10,000 files with a small staged change.
func BenchmarkStaged(b *testing.B) {
	sc := newScanner(b)
	k := keys(b, sc.Rules(), 1)
	dir := bigRepo(b, 10000, k[0])
	b.ResetTimer()
	for b.Loop() {
		n := 0
		_, err := history.Scan(context.Background(), sc, history.Options{Repo: dir, Staged: true}, func(scanner.Finding) { n++ }, nil)
		if err != nil || n != 1 {
			b.Fatalf("%d findings, %v", n, err)
		}
	}
}

// TestStagedLarge checks the staged scan of a large repository finds the one staged key.
func TestStagedLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 10,000-file repository")
	}
	sc := newScanner(t)
	k := keys(t, sc.Rules(), 1)
	dir := bigRepo(t, 10000, k[0])
	var got []string
	sum, err := history.Scan(context.Background(), sc, history.Options{Repo: dir, Staged: true}, func(f scanner.Finding) {
		got = append(got, fmt.Sprintf("%s:%d", f.Location.Path, f.Line))
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != "pkg07/sub03/secret.go:2" || sum.Blobs != 2 {
		t.Errorf("got %q after scanning %d blobs, want pkg07/sub03/secret.go:2 after 2", got, sum.Blobs)
	}
}

// TestStagedIndexVersions reads indexes written by git in formats 2, 3 (extended flags, from an
// intent-to-add entry) and 4 (prefix-compressed names).
func TestStagedIndexVersions(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not on PATH")
	}
	sc := newScanner(t)
	k := keys(t, sc.Rules(), 2)
	for _, version := range []string{"2", "3", "4"} {
		t.Run("v"+version, func(t *testing.T) {
			dir := bigRepo(t, 300, k[0])
			cmd := exec.Command("git", "-C", dir, "-c", "gc.auto=0", "update-index", "--index-version", version)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			if err := os.WriteFile(filepath.Join(dir, "pkg01/sub00/later.go"), []byte(k[1]), 0o644); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command("git", "-C", dir, "add", "-N", "pkg01/sub00/later.go").CombinedOutput(); err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			var got []string
			_, err := history.Scan(context.Background(), sc, history.Options{Repo: dir, Staged: true}, func(f scanner.Finding) {
				got = append(got, fmt.Sprintf("%s:%d", f.Location.Path, f.Line))
			}, nil)
			if err != nil {
				t.Fatal(err)
			}
			// The intent-to-add file is staged empty: its key is not staged yet.
			if len(got) != 1 || got[0] != "pkg07/sub03/secret.go:2" {
				t.Errorf("got %q, want [pkg07/sub03/secret.go:2]", got)
			}
		})
	}
}

// BenchmarkHistory scans the whole history of $KEYLINT_BENCH_REPO (skipped when unset),
// as keylint git does.
func BenchmarkHistory(b *testing.B) {
	repo := os.Getenv("KEYLINT_BENCH_REPO")
	if repo == "" {
		b.Skip("KEYLINT_BENCH_REPO not set")
	}
	sc := newScanner(b)
	for b.Loop() {
		found := 0
		if _, err := history.Scan(context.Background(), sc, history.Options{Repo: repo}, func(scanner.Finding) { found++ }, nil); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(found), "findings")
	}
}
