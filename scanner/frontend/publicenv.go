package frontend

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/keylint/keylint/internal/trigram"
	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/envfile"
	"github.com/keylint/keylint/scanner/rules"
	"github.com/keylint/keylint/scanner/source"
)

// sourceExts are the front-end source files a bundler reads.
var sourceExts = map[string]bool{
	".js": true, ".jsx": true, ".mjs": true, ".cjs": true, ".ts": true, ".tsx": true, ".mts": true, ".cts": true,
	".vue": true, ".svelte": true, ".astro": true,
}

// publicName matches an identifier with a public build-time prefix; it is compiled on first use,
// not at start-up (go vet starts keylint once per package).
var publicName = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(rules.PublicNamePattern())
})

// PublicEnv is the check that reports front-end source reading a GonkaGate or FastGPT
// key through a public build-time variable (import.meta.env.VITE_*, process.env.NEXT_PUBLIC_*,
// $env/static/public and the like): a leak by design, even with no key written in the file.
type PublicEnv struct{}

// Applies reports whether loc is front-end source, not built output or a type declaration.
func (PublicEnv) Applies(loc source.Location) bool {
	// The cheap tests first: this runs for every file of a scan, and most have another extension.
	if loc.Member != "" || loc.Bundle || !sourceExts[strings.ToLower(path.Ext(loc.Path))] || strings.HasSuffix(loc.Path, ".d.ts") {
		return false
	}
	// Installed packages are not the project's own front-end source; keys in them are
	// still found by the key rules.
	if strings.HasPrefix(loc.Path, "node_modules/") || strings.Contains(loc.Path, "/node_modules/") {
		return false
	}
	return !IsBundle(loc.Path)
}

// Keywords are the words a file must hold for the check to have anything to say.
func (PublicEnv) Keywords() [][]byte { return [][]byte{[]byte("GONKA"), []byte("FASTGPT")} }

// keywords finds the words of the public variables that may hold a key (GONKA, FASTGPT) in
// one pass over a file; it is made on first use.
var keywords = sync.OnceValue(func() *trigram.Words { return trigram.NewWords(PublicEnv{}.Keywords()) })

// Check adds one public-env-key finding per variable and line.
func (PublicEnv) Check(loc source.Location, data []byte, found []scanner.Finding) []scanner.Finding {
	for _, r := range publicReads(data) {
		found = append(found, scanner.Finding{
			RuleID: rules.PublicEnvKey, Rule: envfile.Descriptor(rules.PublicEnvKey, r.env), Location: loc,
			Line: r.line, Column: r.col, EndLine: r.line, EndColumn: r.col + utf8.RuneCountInString(r.name),
			Context:  r.context,
			Severity: rules.SeverityError,
			Message:  publicMessage(loc.Path, r),
		})
	}
	return found
}

// publicMessage says what reading a key through a public variable does.
func publicMessage(file string, r publicRead) string {
	return fmt.Sprintf("%s reads a key through the public build-time variable %s: %s inlines its value into the client bundle, "+
		"where every visitor can read it; call the provider from a server route or proxy that reads %s", file, r.name, r.tool, r.env)
}

// publicRead is one read of a key through a public build-time variable.
type publicRead struct {
	line, col       int
	name, env, tool string
	context         string
}

// publicReads returns the reads of a key through a public variable in data, one per variable and line.
func publicReads(data []byte) []publicRead {
	if !keywords().In(data) {
		return nil
	}
	type seenKey struct {
		line int
		name string
	}
	var out []publicRead
	seen := map[seenKey]bool{}
	line, lineStart, at := 1, 0, 0
	for _, m := range publicName().FindAllIndex(data, -1) {
		name := string(data[m[0]:m[1]])
		env := envfile.KeyVar(name)
		p, ok := envfile.PublicPrefix(name)
		if env == "" || !ok {
			continue
		}
		seg := data[at:m[0]]
		if n := bytes.Count(seg, []byte{'\n'}); n > 0 {
			line += n
			lineStart = at + bytes.LastIndexByte(seg, '\n') + 1
		}
		at = m[0]
		if seen[seenKey{line, name}] {
			continue
		}
		seen[seenKey{line, name}] = true
		col := utf8.RuneCount(data[lineStart:m[0]]) + 1
		lineEnd := bytes.IndexByte(data[m[0]:], '\n')
		if lineEnd < 0 {
			lineEnd = len(data)
		} else {
			lineEnd += m[0]
		}
		out = append(out, publicRead{line: line, col: col, name: name, env: env, tool: p.Tool,
			context: clip(strings.TrimSpace(strings.TrimSuffix(string(data[lineStart:lineEnd]), "\r")))})
	}
	return out
}

// clip bounds a context line, which may be a whole minified file.
func clip(s string) string {
	const limit = 200
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
