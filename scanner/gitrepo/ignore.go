package gitrepo

import (
	"bufio"
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
)

// MaxIgnoreFile is the largest ignore file read, git's own cap (100 MiB); a larger one is
// left out with a note, as git does.
const MaxIgnoreFile = 100 << 20

// maxGitConfig bounds a git config file read for core.excludesFile.
const maxGitConfig = 1 << 20

// FindWorkTree returns the nearest folder at or above dir that holds .git, or "".
func FindWorkTree(dir string) string {
	for {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// BasePatterns are the patterns of a work tree that hold everywhere in it, lowest priority
// first: the system excludes file, the user's global excludes file (see GlobalPatterns),
// then gitDir's info/exclude. gitDir is "" for a work tree whose .git is a file (a linked
// work tree or a submodule), which has no info/exclude of its own here. note hears of an
// info/exclude that is there and is not read.
func BasePatterns(gitDir string, note func(error)) []gitignore.Pattern {
	ps := GlobalPatterns(gitDir)
	if gitDir != "" {
		// Outside the work tree: git follows a link here.
		ps = append(ps, ReadPatterns(filepath.Join(gitDir, "info", "exclude"), nil, true, note)...)
	}
	return ps
}

// GlobalPatterns reads the patterns git takes from outside the work tree, lowest
// priority first: the system excludes file, then the user's core.excludesFile
// (from $XDG_CONFIG_HOME/git/config, ~/.gitconfig or the repository's config),
// or $XDG_CONFIG_HOME/git/ignore when none is set.
func GlobalPatterns(gitDir string) []gitignore.Pattern {
	ps, _ := gitignore.LoadSystemPatterns(osfs.New("/"))
	xdg := os.Getenv("XDG_CONFIG_HOME")
	home, _ := os.UserHomeDir()
	if xdg == "" && home != "" {
		xdg = filepath.Join(home, ".config")
	}
	configs := []string{filepath.Join(xdg, "git", "config"), filepath.Join(home, ".gitconfig")}
	if gitDir != "" {
		configs = append(configs, filepath.Join(gitDir, "config"))
	}
	var file string
	for _, cfg := range configs {
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
	return append(ps, ReadPatterns(file, nil, true, nil)...)
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

// ReadPatterns parses a gitignore-style file whose patterns apply below domain. A file
// in the work tree (follow false) is read only when it is a regular file, as git reads
// .gitignore (it does not follow a symlinked one); note, when set, hears of a file that
// is there and is not read.
func ReadPatterns(file string, domain []string, follow bool, note func(error)) []gitignore.Pattern {
	if file == "" {
		return nil
	}
	data, err := controlfile.Read(file, controlfile.Options{Limit: MaxIgnoreFile, Follow: follow})
	if err != nil {
		if note != nil && !errors.Is(err, fs.ErrNotExist) {
			note(err)
		}
		return nil
	}
	return ParseIgnore(data, domain)
}

// ParseIgnore parses gitignore lines (LF or CRLF) whose patterns apply below domain.
func ParseIgnore(data []byte, domain []string) []gitignore.Pattern {
	var ps []gitignore.Pattern
	domain = append([]string(nil), domain...) // shared by the file's patterns, which only read it
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, len(data)+1)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		ps = append(ps, gitignore.ParsePattern(line, domain))
	}
	return ps
}
