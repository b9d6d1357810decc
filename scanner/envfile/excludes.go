package envfile

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/plumbing/format/config"
	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
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
	return append(ps, readPatterns(file, nil)...)
}

// excludesFile returns core.excludesFile from a git config file, or "".
func excludesFile(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	cfg := config.New()
	if err := config.NewDecoder(bytes.NewReader(data)).Decode(cfg); err != nil {
		return ""
	}
	return cfg.Section("core").Options.Get("excludesfile")
}

// readPatterns parses a gitignore-style file whose patterns apply below domain.
func readPatterns(file string, domain []string) []gitignore.Pattern {
	if file == "" {
		return nil
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil
	}
	return parsePatterns(data, domain)
}

// parsePatterns parses gitignore lines, CRLF or LF.
func parsePatterns(data []byte, domain []string) []gitignore.Pattern {
	var ps []gitignore.Pattern
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		ps = append(ps, gitignore.ParsePattern(line, append([]string(nil), domain...)))
	}
	return ps
}
