package source_test

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/scanner/envfile"
	"github.com/keylint/keylint/scanner/source"
)

// TestGlobalExcludesAgree checks that a files scan skips what the user's global excludes
// file ignores, as git does, and that envfile's view of the work tree says the same.
func TestGlobalExcludesAgree(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
	}{
		{
			name: "XDG git/ignore",
			files: map[string]string{
				"home/.config/git/ignore": "global.txt\n",
			},
		},
		{
			name: "core.excludesFile in the repository's config",
			files: map[string]string{
				"repo/.git/config": "[core]\n\texcludesFile = ~/my-ignore\n",
				"home/my-ignore":   "global.txt\n",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{
				"repo/.git/HEAD":     "ref: refs/heads/main\n",
				"repo/a.txt":         "a\n",
				"repo/global.txt":    "g\n",
				"repo/sub/x.txt":     "x\n",
				"repo/.gitignore":    "sub/\n",
				"repo/.git/refs/":    "",
				"home/.gitconfig":    "",
				"repo/.git/objects/": "",
			}
			for k, v := range tt.files {
				files[k] = v
			}
			dir := tree(t, files)
			t.Setenv("HOME", filepath.Join(dir, "home"))
			t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "home", ".config"))
			root := filepath.Join(dir, "repo")
			got, problems := walk(t, root, source.Files{Paths: []string{root}})
			if diff := cmp.Diff([]string{".gitignore", "a.txt"}, got); diff != "" {
				t.Errorf("files scanned (-want +got):\n%s", diff)
			}
			if len(problems) > 0 {
				t.Errorf("problems: %v", problems)
			}
			r, err := envfile.OpenRepo(root)
			if err != nil || r == nil {
				t.Fatalf("OpenRepo: %v, %v", r, err)
			}
			for _, p := range []string{"a.txt", "global.txt"} {
				if src, env := contains(got, p), !r.Ignored(filepath.Join(root, p), false); src != env {
					t.Errorf("%s: the files scan reads it %v, envfile says not ignored %v", p, src, env)
				}
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
