package source_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/scanner/source"
)

// tree writes files (a name ending in "/" is a folder) under a new temporary folder.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if strings.HasSuffix(name, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// walk returns the paths a Files source yields, relative to root, and its problems.
func walk(t *testing.T, root string, f source.Files) (paths, problems []string) {
	t.Helper()
	f.Problem = func(p *source.Problem) { problems = append(problems, p.Error()) }
	err := f.Items(context.Background(), func(it source.Item) error {
		rc, err := it.Open()
		if err != nil {
			return err
		}
		rc.Close()
		rel, _ := filepath.Rel(root, filepath.FromSlash(it.Location.Path))
		paths = append(paths, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(paths)
	return paths, problems
}

func TestFilesIgnore(t *testing.T) {
	root := tree(t, map[string]string{
		".git/HEAD":            "ref: refs/heads/main\n",
		".git/info/exclude":    "excluded.txt\n",
		".gitignore":           "*.log\ndist/\n!keep.log\n.env.local\n",
		".env.local":           "x\n",
		"dist/.env":            "x\n",
		"a.go":                 "package a\n",
		"debug.log":            "x\n",
		"keep.log":             "x\n",
		"excluded.txt":         "x\n",
		"dist/app.js":          "x\n",
		"web/.gitignore":       "generated/\n",
		"web/generated/g.js":   "x\n",
		"web/src/main.ts":      "x\n",
		"vendor/lib/lib.go":    "x\n",
		"node_modules/x/i.js":  "x\n",
		"deep/er/still.txt":    "x\n",
		"deep/er/skipme.go":    "x\n",
		"deep/er/.git-kept.md": "x\n",
	})
	skip := func(rel string, dir bool) bool { return rel == "vendor" || strings.HasSuffix(rel, "skipme.go") }
	for _, tc := range []struct {
		name     string
		files    source.Files
		want     []string
		problems int
	}{
		{
			name:  "ignore files, info/exclude, nested .gitignore and Skip",
			files: source.Files{Paths: []string{root}, Skip: skip},
			want: []string{".gitignore", "a.go", "deep/er/.git-kept.md", "deep/er/still.txt", "keep.log",
				"node_modules/x/i.js", "web/.gitignore", "web/src/main.ts"},
		},
		{
			name:  "no ignore",
			files: source.Files{Paths: []string{root}, NoIgnore: true},
			want: []string{".env.local", ".gitignore", "a.go", "debug.log", "deep/er/.git-kept.md", "deep/er/skipme.go", "deep/er/still.txt",
				"dist/.env", "dist/app.js", "excluded.txt", "keep.log", "node_modules/x/i.js", "vendor/lib/lib.go", "web/.gitignore",
				"web/generated/g.js", "web/src/main.ts"},
		},
		{
			name:  "a named ignored file is scanned",
			files: source.Files{Paths: []string{filepath.Join(root, "debug.log")}},
			want:  []string{"debug.log"},
		},
		{
			name:  "a named folder git ignores is scanned whole",
			files: source.Files{Paths: []string{filepath.Join(root, "dist")}},
			want:  []string{"dist/.env", "dist/app.js"},
		},
		{
			name: "KeepIgnored yields the ignored files it names, not files in ignored folders",
			files: source.Files{Paths: []string{root}, Skip: skip,
				KeepIgnored: func(p string) bool { return strings.Contains(p, ".env") }},
			want: []string{".env.local", ".gitignore", "a.go", "deep/er/.git-kept.md", "deep/er/still.txt", "keep.log",
				"node_modules/x/i.js", "web/.gitignore", "web/src/main.ts"},
		},
		{
			name:  "a subfolder walk still honours the .gitignore files above it",
			files: source.Files{Paths: []string{filepath.Join(root, "web")}},
			want:  []string{"web/.gitignore", "web/src/main.ts"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, problems := walk(t, root, tc.files)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("paths (-want +got):\n%s", diff)
			}
			if len(problems) != tc.problems {
				t.Errorf("problems = %v", problems)
			}
		})
	}
}

func TestFilesLinks(t *testing.T) {
	outside := tree(t, map[string]string{"secret.txt": "x\n"})
	root := tree(t, map[string]string{"a.txt": "x\n"})
	os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(root, "out.txt"))
	os.Symlink(outside, filepath.Join(root, "outdir"))
	os.Symlink(filepath.Join(root, "nowhere"), filepath.Join(root, "broken"))
	got, problems := walk(t, root, source.Files{Paths: []string{root}})
	if diff := cmp.Diff([]string{"a.txt"}, got); diff != "" {
		t.Errorf("links were followed (-want +got):\n%s", diff)
	}
	if len(problems) != 1 || !strings.Contains(problems[0], "broken symbolic link") {
		t.Errorf("problems = %v, want one broken link", problems)
	}
}

func TestOpenReadsWhatWasThere(t *testing.T) {
	root := tree(t, map[string]string{"f.txt": "hello\n"})
	var it source.Item
	(&source.Files{Paths: []string{root}}).Items(context.Background(), func(i source.Item) error { it = i; return nil })
	rc, err := it.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	// The file grows after it was opened: the read ends at the size it had.
	f, _ := os.OpenFile(filepath.Join(root, "f.txt"), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("more\n")
	f.Close()
	data, err := io.ReadAll(rc)
	if err != nil || string(data) != "hello\n" {
		t.Errorf("read %q, %v; want the 6 bytes there at open", data, err)
	}
	missing := &source.Files{Paths: []string{filepath.Join(root, "gone")}}
	if err := missing.Items(context.Background(), func(source.Item) error { return nil }); err == nil {
		t.Error("a missing path gave no error")
	}
}

func TestIgnoreFilesReadAsGitDoes(t *testing.T) {
	outside := tree(t, map[string]string{"patterns": "*.txt\n"})
	for _, tc := range []struct {
		name    string
		setup   func(t *testing.T, root string)
		want    []string
		problem string
	}{
		{
			name: "a symlinked .gitignore is not followed",
			setup: func(t *testing.T, root string) {
				os.Symlink(filepath.Join(outside, "patterns"), filepath.Join(root, ".gitignore"))
			},
			want: []string{"a.txt", "sub/b.txt"}, problem: ".gitignore: a symbolic link; not followed",
		},
		{
			name: "a FIFO .gitignore does not block",
			setup: func(t *testing.T, root string) {
				if err := syscall.Mkfifo(filepath.Join(root, "sub", ".gitignore"), 0o644); err != nil {
					t.Skipf("mkfifo: %v", err)
				}
			},
			want: []string{"a.txt", "sub/b.txt"}, problem: "sub/.gitignore: not a regular file; not read",
		},
		{
			name: "a FIFO .git/info/exclude does not block",
			setup: func(t *testing.T, root string) {
				if err := syscall.Mkfifo(filepath.Join(root, ".git", "info", "exclude"), 0o644); err != nil {
					t.Skipf("mkfifo: %v", err)
				}
			},
			want: []string{"a.txt", "sub/b.txt"}, problem: ".git/info/exclude: not a regular file; not read",
		},
		{
			name: "a symlinked .git/info/exclude is followed",
			setup: func(t *testing.T, root string) {
				os.Symlink(filepath.Join(outside, "patterns"), filepath.Join(root, ".git", "info", "exclude"))
			},
		},
		{
			name: "a deeper .gitignore overrides a shallower one, in its folder only",
			setup: func(t *testing.T, root string) {
				os.WriteFile(filepath.Join(root, ".gitignore"), []byte("*.txt\n"), 0o644)
				os.WriteFile(filepath.Join(root, "sub", ".gitignore"), []byte("!b.txt\n"), 0o644)
			},
			want: []string{".gitignore", "sub/.gitignore", "sub/b.txt"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := tree(t, map[string]string{".git/info/": "", "a.txt": "x\n", "sub/b.txt": "x\n"})
			tc.setup(t, root)
			done := make(chan struct{})
			var got, problems []string
			go func() { got, problems = walk(t, root, source.Files{Paths: []string{root}}); close(done) }()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				t.Fatal("the walk blocked")
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("paths (-want +got):\n%s", diff)
			}
			var want []string
			if tc.problem != "" {
				want = []string{filepath.ToSlash(root) + "/" + tc.problem}
			}
			if diff := cmp.Diff(want, problems); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}
