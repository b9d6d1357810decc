// Package frontend checks what reaches the browser: built bundles, their source maps,
// and front-end source that reads a key through a public build-time variable.
package frontend

import (
	"path"
	"strings"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/rules"
	"github.com/keylint/keylint/scanner/source"
)

// outputDirs are folders that hold built, deployed front-end output.
var outputDirs = map[string]bool{
	"dist": true, "build": true, ".next": true, "out": true, "public": true, "static": true,
	".output": true, ".nuxt": true, ".svelte-kit": true, ".vercel": true,
}

// webExts are the kinds of files a browser loads from built output.
var webExts = map[string]bool{
	".js": true, ".mjs": true, ".cjs": true, ".map": true, ".html": true, ".htm": true,
	".css": true, ".json": true, ".txt": true, ".webmanifest": true, ".svg": true,
}

// IsBundle reports whether a slash-separated path is built front-end output: a web
// file under dist/, build/, .next/, out/, public/ or static/, a minified file, a
// chunk file or a JavaScript or CSS source map.
func IsBundle(p string) bool {
	base := strings.ToLower(path.Base(p))
	ext := path.Ext(base)
	switch {
	case strings.HasSuffix(base, ".min.js") || strings.HasSuffix(base, ".min.mjs") || strings.HasSuffix(base, ".min.css"),
		strings.HasSuffix(base, ".js.map") || strings.HasSuffix(base, ".mjs.map") || strings.HasSuffix(base, ".css.map"),
		ext == ".js" && (strings.Contains(base, ".chunk.") || strings.HasPrefix(base, "chunk-")):
		return true
	}
	if !webExts[ext] {
		return false
	}
	// The folders one by one, without SplitSeq's iterator: this runs for every web file.
	for dir := dirOf(p); dir != ""; {
		name, rest, _ := strings.Cut(dir, "/")
		if outputDirs[name] {
			return true
		}
		dir = rest
	}
	return false
}

// dirOf is path.Dir(p). A walk's paths are clean, and the folder part of one is then p up
// to its last slash, without the pass over every byte that cleaning takes; other paths are
// cleaned.
func dirOf(p string) string {
	if i := strings.LastIndexByte(p, '/'); i > 0 && cleanDir(p[:i]) {
		return p[:i]
	}
	return path.Dir(p)
}

// cleanDir reports whether the slash path d is its own path.Clean: not empty, with no empty,
// "." or ".." name and no slash at the end. Names that start with a dot (.cache) are clean.
func cleanDir(d string) bool {
	if d == "" || d[len(d)-1] == '/' || strings.Contains(d, "//") {
		return false
	}
	if d == "." || d == ".." || strings.HasPrefix(d, "./") || strings.HasPrefix(d, "../") {
		return false
	}
	for rest := d; ; {
		i := strings.Index(rest, "/.")
		if i < 0 {
			return true
		}
		r := rest[i+2:] // what follows the dot
		if r == "" || r[0] == '/' || r[0] == '.' && (len(r) == 1 || r[1] == '/') {
			return false
		}
		rest = r
	}
}

// Bundle is the check that marks keys in built output as exposed to every visitor of
// the site, with severity error whatever the rule's default. It looks at each key's own
// place, so that a member of an archive under dist/ is marked and one beside it is not.
type Bundle struct{}

// Applies reports that the check looks at every item with keys: an archive of any name may
// hold built output.
func (Bundle) Applies(source.Location) bool { return true }

// InBundle reports whether loc is built front-end output: served by a site, under a
// build folder, or an archive member that is.
func InBundle(loc source.Location) bool {
	if loc.Bundle || IsBundle(loc.Path) {
		return true
	}
	if loc.Member == "" {
		return false
	}
	m := loc.Member
	if i := strings.LastIndexByte(m, '!'); i >= 0 {
		m = m[i+1:] // the innermost member: "site.zip!dist/app.js" is dist/app.js
	}
	return IsBundle(loc.Member) || IsBundle(m)
}

// Check marks each key found in built output.
func (Bundle) Check(loc source.Location, _ []byte, found []scanner.Finding) []scanner.Finding {
	for i := range found {
		f := &found[i]
		if f.Secret == "" || f.RuleID == rules.PublicEnvKey || !InBundle(f.Location) {
			continue
		}
		f.Location.Bundle = true
		f.Severity = rules.SeverityError
		if f.Message == "" {
			desc := f.Description()
			f.Message = desc + " in built front-end output: exposed to every visitor of the site, who can read it in the browser's developer tools"
			if source.IsURL(f.Location.Path) {
				f.Message = desc + " served to browsers at " + f.Location.Path + ": it is public, anyone who opens the site can read it"
			}
		}
	}
	return found
}

// NeedsKeys reports that the check has nothing to do in a file without keys.
func (Bundle) NeedsKeys() bool { return true }

// NeedsBytes reports that the check decides from the keys' places alone.
func (Bundle) NeedsBytes() bool { return false }
