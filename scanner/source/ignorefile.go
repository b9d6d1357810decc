package source

import (
	"bytes"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
)

// ignoreFile is the patterns of one ignore file, indexed so that a path is not compared
// with every line: a plain name (no wildcard, no slash but a trailing one) is looked up by
// the path's components; only the other patterns are tried one by one. The last pattern
// that matches decides, as in git.
type ignoreFile struct {
	domain []string         // the folder the file applies below, as work-tree components
	names  map[string]int32 // plain-name patterns by name: the index in lits of the last one
	lits   []literal
	others []indexed // every other pattern, in file order
}

// literal is a plain-name pattern: its line number, whether it re-includes (!) or names
// folders only (trailing /), and the index in lits of the line before it with the same
// name, or -1. Names are substrings of the file's text, so a large file costs little more
// than its size.
type literal struct {
	at        int32
	prev      int32
	inclusion bool
	dirOnly   bool
}

// indexed is a pattern with its line number.
type indexed struct {
	at int
	p  gitignore.Pattern
}

// parseIgnoreFile parses gitignore lines (LF or CRLF) whose patterns apply below domain.
func parseIgnoreFile(data []byte, domain []string) *ignoreFile {
	lines := bytes.Count(data, []byte{'\n'}) + 1
	f := &ignoreFile{domain: append([]string(nil), domain...), names: make(map[string]int32, lines), lits: make([]literal, 0, lines)}
	text := string(data)
	at := 0
	for len(text) > 0 {
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		at++
		if l, name, ok := plainName(line); ok {
			l.at, l.prev = int32(at), -1
			if i, seen := f.names[name]; seen {
				l.prev = i
			}
			f.names[name] = int32(len(f.lits))
			f.lits = append(f.lits, l)
			continue
		}
		f.others = append(f.others, indexed{at: at, p: gitignore.ParsePattern(line, domain)})
	}
	return f
}

// plainName recognises a line that names a file or folder outright: go-git matches it
// against each component of a path, by equality.
func plainName(line string) (literal, string, bool) {
	var l literal
	if rest, ok := strings.CutPrefix(line, "!"); ok {
		l.inclusion, line = true, rest
	}
	if rest, ok := strings.CutSuffix(line, "/"); ok {
		l.dirOnly, line = true, rest
	}
	if line == "" || strings.ContainsAny(line, "*?[]\\/ \t") {
		return l, "", false
	}
	return l, line, true
}

// match returns whether the file's patterns ignore parts (components relative to the
// work tree), and ok false when none of them matches.
func (f *ignoreFile) match(parts []string, dir bool) (ignored, ok bool) {
	if len(parts) <= len(f.domain) || !slices.Equal(parts[:len(f.domain)], f.domain) {
		return false, false
	}
	best, result := 0, gitignore.NoMatch
	for k := len(f.others) - 1; k >= 0; k-- {
		if m := f.others[k].p.Match(parts, dir); m != gitignore.NoMatch {
			best, result = f.others[k].at, m
			break
		}
	}
	if len(f.names) > 0 {
		rest := parts[len(f.domain):]
		for i, name := range rest {
			j, found := f.names[name]
			if !found || slices.Contains(rest[:i], name) {
				continue // go-git decides at a name's first component
			}
			for ; j >= 0 && int(f.lits[j].at) > best; j = f.lits[j].prev {
				l := f.lits[j]
				if l.dirOnly && !dir && i == len(rest)-1 {
					continue
				}
				best, result = int(l.at), gitignore.Exclude
				if l.inclusion {
					result = gitignore.Include
				}
				break
			}
		}
	}
	if result == gitignore.NoMatch {
		return false, false
	}
	return result == gitignore.Exclude, true
}
