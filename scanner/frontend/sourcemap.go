package frontend

import (
	"bytes"
	"encoding/json"
	"github.com/keylint/keylint/scanner/envfile"
	"github.com/keylint/keylint/scanner/rules"
	"strings"
	"unicode/utf8"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/source"
)

// SourceMap is the check that names, for a key inside a source map's sourcesContent,
// the original source file and line, so the user knows which source to fix.
type SourceMap struct{}

// Applies reports whether loc is a source map.
func (SourceMap) Applies(loc source.Location) bool {
	name := loc.Path
	if loc.Member != "" {
		name = loc.Member
	}
	if source.IsURL(name) {
		name, _, _ = strings.Cut(name, "?")
	}
	return strings.HasSuffix(name, ".map")
}

// sourceMap is the part of a source map (version 3) the check reads.
type sourceMap struct {
	SourceRoot     string    `json:"sourceRoot"`
	Sources        []string  `json:"sources"`
	SourcesContent []*string `json:"sourcesContent"`
}

// origin is one place a key occurs in the original sources.
type origin struct {
	path string
	line int
}

// Check adds the original file and line to each key found in the map.
func (SourceMap) Check(loc source.Location, data []byte, found []scanner.Finding) []scanner.Finding {
	if !bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) {
		return found
	}
	if len(found) == 0 && !keywords().In(data) {
		return found
	}
	var m sourceMap
	if err := json.Unmarshal(data, &m); err != nil || len(m.SourcesContent) == 0 {
		return found
	}
	mapPath := loc.Path
	if loc.Member != "" {
		mapPath = loc.Member
	}
	found = m.publicReads(loc, data, mapPath, found)
	// The n-th time a key shows up in the map is its n-th occurrence in sourcesContent.
	seen := map[string]int{}
	cache := map[string][]origin{}
	for i := range found {
		f := &found[i]
		if f.Secret == "" {
			continue
		}
		origins, ok := cache[f.Secret]
		if !ok {
			origins = m.find(f.Secret, mapPath)
			cache[f.Secret] = origins
		}
		n := seen[f.Secret]
		seen[f.Secret]++
		if n >= len(origins) {
			continue
		}
		o := origins[n]
		f.Related = append(f.Related, scanner.Related{Path: o.path, Line: o.line, Message: "original source (sourcesContent of the map)"})
		f.Location.Bundle = true
	}
	return found
}

// find returns every occurrence of key in the map's sourcesContent, in order.
func (m *sourceMap) find(key, mapPath string) []origin {
	var out []origin
	for i, content := range m.SourcesContent {
		if content == nil || i >= len(m.Sources) {
			continue
		}
		text := *content
		for off := 0; ; {
			j := strings.Index(text[off:], key)
			if j < 0 {
				break
			}
			at := off + j
			out = append(out, origin{path: m.resolve(m.Sources[i], mapPath), line: strings.Count(text[:at], "\n") + 1})
			off = at + len(key)
		}
	}
	return out
}

// resolve turns a map's source entry into a path a user can open.
func (m *sourceMap) resolve(src, mapPath string) string {
	return ResolveSource(src, m.SourceRoot, mapPath)
}

// NeedsKeys reports that the check also looks at maps without keys: their original
// sources may read a key through a public build-time variable.
func (SourceMap) NeedsKeys() bool { return false }

// Keywords are what a map without keys must hold for the check to look at it: the names of
// the public build-time variables publicReads looks for.
func (SourceMap) Keywords() [][]byte { return [][]byte{[]byte("GONKA"), []byte("FASTGPT")} }

// publicReads adds a public-env-key finding at the map for each original front-end
// source in sourcesContent that reads a key through a public build-time variable,
// naming the original file and line: the map shows the build inlined that key.
func (m *sourceMap) publicReads(loc source.Location, data []byte, mapPath string, found []scanner.Finding) []scanner.Finding {
	nth := map[string]int{}
	for i, content := range m.SourcesContent {
		if content == nil || i >= len(m.Sources) {
			continue
		}
		orig := m.resolve(m.Sources[i], mapPath)
		if strings.Contains(orig, "node_modules/") || !(PublicEnv{}).Applies(source.Location{Path: orig}) {
			continue
		}
		for _, r := range publicReads([]byte(*content)) {
			line, col := occurrence(data, r.name, nth[r.name])
			nth[r.name]++
			found = append(found, scanner.Finding{
				RuleID: rules.PublicEnvKey, Rule: envfile.Descriptor(rules.PublicEnvKey, r.env), Location: loc,
				Line: line, Column: col, EndLine: line, EndColumn: col + utf8.RuneCountInString(r.name),
				Context:  r.context,
				Severity: rules.SeverityError,
				Message:  publicMessage(orig, r) + " (the source map " + mapPath + " shows it)",
				Related:  []scanner.Related{{Path: orig, Line: r.line, Column: r.col, Message: "original source (sourcesContent of the map)"}},
			})
			found[len(found)-1].Location.Bundle = true
		}
	}
	return found
}

// occurrence returns the line and column of the n-th occurrence of name in data, or 1, 1.
func occurrence(data []byte, name string, n int) (line, col int) {
	at := -1
	for off := 0; n >= 0; n-- {
		j := bytes.Index(data[off:], []byte(name))
		if j < 0 {
			return 1, 1
		}
		at = off + j
		off = at + len(name)
	}
	nl := bytes.LastIndexByte(data[:at], '\n')
	return bytes.Count(data[:at], []byte{'\n'}) + 1, utf8.RuneCount(data[nl+1:at]) + 1
}
