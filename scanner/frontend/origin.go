package frontend

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"strings"

	"github.com/go-sourcemap/sourcemap"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/source"
)

// MapFinder finds the source map of a script: its path or URL (the script's own for a
// map inline in it) and its bytes, or name "" when the script has none that can be read.
type MapFinder interface {
	FindMap(loc source.Location, script []byte) (name string, data []byte, err error)
}

// Origin is the check that maps a key found in a script back to the original file,
// line and column through the script's source map (the `mappings`), so that a key in
// a bundle's line names the source line to fix.
type Origin struct {
	Maps MapFinder
}

// scriptExts are the scripts a source map can describe.
var scriptExts = map[string]bool{".js": true, ".mjs": true, ".cjs": true}

// Applies reports whether loc is a script.
func (o Origin) Applies(loc source.Location) bool {
	if o.Maps == nil {
		return false
	}
	name := loc.Path
	if loc.Member != "" {
		name = loc.Member
	}
	if u, err := url.Parse(name); err == nil && u.Scheme != "" {
		name = u.Path
	}
	return scriptExts[strings.ToLower(path.Ext(name))]
}

// NeedsKeys reports that the check has nothing to do in a script without keys.
func (Origin) NeedsKeys() bool { return true }

// Check adds the original place of each key as a related location.
func (o Origin) Check(loc source.Location, data []byte, found []scanner.Finding) []scanner.Finding {
	keys := 0
	for i := range found {
		if found[i].Secret != "" {
			keys++
		}
	}
	if keys == 0 {
		return found
	}
	name, m, err := o.Maps.FindMap(loc, data)
	if err != nil || name == "" || len(m) == 0 {
		return found
	}
	if bytes.HasPrefix(m, []byte(")]}")) { // the anti-XSSI first line some servers add
		if nl := bytes.IndexByte(m, '\n'); nl >= 0 {
			m = m[nl+1:]
		}
	}
	c, err := parseMap(m)
	if err != nil {
		return found
	}
	for i := range found {
		f := &found[i]
		if f.Secret == "" {
			continue
		}
		src, line, col, ok := lookup(c, f.Line, f.Column-1)
		if !ok || src == "" || line < 1 || col < 0 {
			continue
		}
		f.Related = append(f.Related, scanner.Related{
			Path: ResolveSource(src, "", name), Line: line, Column: col + 1,
			Message: fmt.Sprintf("original source (through the mappings of %s)", mapLabel(name, loc)),
		})
	}
	return found
}

// lookup asks the map for the original place of a generated line (1-based) and column
// (0-based). The library trusts the map's indices, and a hostile map (a site serves it)
// can point outside its sources: such a lookup panics inside the library, and counts
// here as no answer.
func lookup(c *sourcemap.Consumer, line, col int) (src string, origLine, origCol int, ok bool) {
	defer func() {
		if recover() != nil {
			src, origLine, origCol, ok = "", 0, 0, false
		}
	}()
	src, _, origLine, origCol, ok = c.Source(line, col)
	return src, origLine, origCol, ok
}

// parseMap parses a source map, a hostile one included (see lookup).
func parseMap(m []byte) (c *sourcemap.Consumer, err error) {
	defer func() {
		if r := recover(); r != nil {
			c, err = nil, fmt.Errorf("malformed source map: %v", r)
		}
	}()
	return sourcemap.Parse("", m)
}

// mapLabel names a source map in a message; a map inline in the script is named by the script.
func mapLabel(name string, loc source.Location) string {
	if name == loc.Path {
		return "the inline source map"
	}
	return name
}

// ResolveSource turns a map's source entry into a path a user can open: relative entries
// are taken from the map's folder (or, for a map served by a site, from its URL, and shown
// as a path from the site's root); bundler schemes such as webpack:// are dropped.
func ResolveSource(src, sourceRoot, mapName string) string {
	if sourceRoot != "" && !strings.Contains(src, "://") {
		src = strings.TrimSuffix(sourceRoot, "/") + "/" + src
	}
	if scheme, rest, ok := strings.Cut(src, "://"); ok && scheme != "http" && scheme != "https" {
		if scheme == "file" {
			return rest
		}
		// webpack://app-name/./src/x.ts and webpack:///./src/x.ts: relative to the project, not the map.
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			rest = rest[i+1:]
		}
		return path.Clean(strings.TrimPrefix(rest, "./"))
	}
	if base, err := url.Parse(mapName); err == nil && (base.Scheme == "http" || base.Scheme == "https") {
		ref, err := url.Parse(src)
		if err != nil {
			return src
		}
		abs := base.ResolveReference(ref)
		if abs.Host != base.Host || abs.Scheme != base.Scheme {
			return abs.String()
		}
		// Same site: the path from its root, as it stands in the project (src/main.ts).
		return strings.TrimPrefix(abs.Path, "/")
	}
	if path.IsAbs(src) {
		return src
	}
	return path.Join(path.Dir(mapName), src)
}
