package frontend

import (
	"bytes"
	"encoding/json"
	"strings"

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
	if len(found) == 0 || !bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) {
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

// NeedsKeys reports that the check has nothing to do in a file without keys.
func (SourceMap) NeedsKeys() bool { return true }
