package envfile

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/plumbing/format/config"
	"github.com/go-git/go-git/v5/plumbing/format/gitignore"

	"github.com/keylint/keylint/internal/controlfile"
	"github.com/keylint/keylint/scanner/source"
)

// globalPatterns reads the patterns git takes from outside the work tree, lowest
// priority first: the system excludes file, then the user's core.excludesFile
// (from $XDG_CONFIG_HOME/git/config, ~/.gitconfig or the repository's config),
// or $XDG_CONFIG_HOME/git/ignore when none is set.
func globalPatterns(gitDir string) []gitignore.Pattern {
	ps, _ := gitignore.LoadSystemPatterns(osfs.New("/"))
	xdg := os.Getenv("XDG_CONFIG_HOME")
	home, _ := os.UserHomeDir()
	if xdg == "" && home != "" {
		xdg = filepath.Join(home, ".config")
	}
	var file string
	for _, cfg := range []string{filepath.Join(xdg, "git", "config"), filepath.Join(home, ".gitconfig"), filepath.Join(gitDir, "config")} {
		if v := excludesFile(cfg); v != "" {
			file = v
		}
	}
	if file == "" && xdg != "" {
		file = filepath.Join(xdg, "git", "ignore")
	}
	if strings.HasPrefix(file, "~/") && home != "" {
		file = filepath.Join(home, file[2:])
	}
	return append(ps, readPatterns(file, nil, true, nil)...)
}

// excludesFile returns core.excludesFile from a git config file, or "".
func excludesFile(path string) string {
	data, err := controlfile.Read(path, controlfile.Options{Limit: maxGitConfig, Follow: true})
	if err != nil {
		return ""
	}
	cfg := config.New()
	if err := config.NewDecoder(bytes.NewReader(data)).Decode(cfg); err != nil {
		return ""
	}
	return cfg.Section("core").Options.Get("excludesfile")
}

// maxGitConfig bounds a git config file read for core.excludesFile.
const maxGitConfig = 1 << 20

// readPatterns parses a gitignore-style file whose patterns apply below domain. A file
// in the work tree (follow false) is read only when it is a regular file, as git reads
// .gitignore; note hears of a file that is there and is not read.
func readPatterns(file string, domain []string, follow bool, note func(error)) []gitignore.Pattern {
	if file == "" {
		return nil
	}
	data, err := controlfile.Read(file, controlfile.Options{Limit: source.MaxIgnoreFile, Follow: follow})
	if err != nil {
		if note != nil && !errors.Is(err, fs.ErrNotExist) {
			note(err)
		}
		return nil
	}
	return source.ParseIgnore(data, domain)
}
