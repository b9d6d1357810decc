package site

import (
	"bytes"
	"encoding/json"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"

	"golang.org/x/net/html"

	"github.com/keylint/keylint/scanner/frontend"
	"github.com/keylint/keylint/scanner/source"
)

// pageRefs returns what a page makes a browser load that may hold keys: scripts,
// module preloads, the chunks and maps its inline scripts name, Next.js build
// manifests, and the bundlers' manifests at the site's root.
func pageRefs(pageURL string, body []byte) []task {
	base := pageURL
	var out []task
	add := func(ref string, k Kind, probe bool) {
		if abs := resolve(base, ref); abs != "" {
			out = append(out, task{url: abs, kind: k, probe: probe, from: pageURL})
		}
	}
	z := html.NewTokenizer(bytes.NewReader(body))
	inScript := false
	scriptJSON := false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			// Bundlers' manifests, where the build copied them into the served folder.
			add("/.vite/manifest.json", JSON, true)
			add("/asset-manifest.json", JSON, true)
			return out
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			attrs := map[string]string{}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				attrs[string(k)] = string(v)
			}
			switch string(name) {
			case "base":
				if h := attrs["href"]; h != "" {
					if abs := resolve(pageURL, h); abs != "" {
						base = abs
					}
				}
			case "script":
				inScript = tt == html.StartTagToken
				typ := strings.ToLower(attrs["type"])
				scriptJSON = strings.Contains(typ, "json")
				if src := attrs["src"]; src != "" {
					add(src, Script, false)
				}
			case "link":
				rel := strings.ToLower(attrs["rel"])
				as := strings.ToLower(attrs["as"])
				href := attrs["href"]
				switch {
				case href == "":
				case strings.Contains(rel, "modulepreload"),
					strings.Contains(rel, "preload") && (as == "script" || as == "worker"),
					strings.Contains(rel, "prefetch") && as == "script":
					add(href, Script, false)
				case strings.Contains(rel, "preload") && (as == "fetch" || as == "json"):
					add(href, JSON, false)
				}
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); string(name) == "script" {
				inScript = false
			}
		case html.TextToken:
			if !inScript {
				continue
			}
			text := z.Text()
			if scriptJSON {
				// __NEXT_DATA__ and other embedded JSON: scanned with the page; its build id names the manifests.
				if id := nextBuildID(text); id != "" {
					add("/_next/static/"+id+"/_buildManifest.js", Script, true)
					add("/_next/static/"+id+"/_ssgManifest.js", Script, true)
				}
				continue
			}
			for _, t := range scriptRefs(base, text) {
				if t.kind == Map {
					continue // an inline script's map describes the page, not a file
				}
				out = append(out, t)
			}
		}
	}
}

// nextBuildID returns the buildId of a __NEXT_DATA__ JSON, or "".
func nextBuildID(text []byte) string {
	if !bytes.Contains(text, []byte(`"buildId"`)) {
		return ""
	}
	var d struct {
		BuildID string `json:"buildId"`
	}
	if json.Unmarshal(text, &d) != nil || strings.ContainsAny(d.BuildID, "/?#\\") {
		return ""
	}
	return d.BuildID
}

// Regular expressions compiled on first use.
var (
	// importRe matches static and dynamic imports and re-exports of a literal module path.
	importRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?:\bimport\s*\(\s*|\bfrom\s*|\bimport\s*)["'` + "`" + `]([^"'` + "`" + `\s]+)["'` + "`" + `]`)
	})
	// chunkRe matches a string literal naming a script file: Vite's preload lists,
	// webpack and Next.js chunk paths, manifests' entries.
	chunkRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`["'` + "`" + `]((?:\.{1,2}/|/)?(?:[A-Za-z0-9_@~.\[\]-]+/)*[A-Za-z0-9_@~.\[\]-]+\.m?js)["'` + "`" + `]`)
	})
)

// scriptRefs returns the modules, chunks and source map a script names.
func scriptRefs(scriptURL string, body []byte) []task {
	var out []task
	seen := map[string]bool{}
	add := func(abs string, k Kind) {
		if abs != "" && !seen[abs] {
			seen[abs] = true
			out = append(out, task{url: abs, kind: k, from: scriptURL})
		}
	}
	for _, m := range importRe().FindAllSubmatch(body, -1) {
		ref := string(m[1])
		if isModulePath(ref) {
			add(resolve(scriptURL, ref), Script)
		}
	}
	root := resolve(scriptURL, "/")
	nextBase := ""
	if i := strings.Index(scriptURL, "/_next/"); i >= 0 {
		nextBase = scriptURL[:i+len("/_next/")]
	}
	for _, m := range chunkRe().FindAllSubmatch(body, -1) {
		ref := string(m[1])
		switch {
		case strings.HasPrefix(ref, "./"), strings.HasPrefix(ref, "../"):
			add(resolve(scriptURL, ref), Script)
		case strings.HasPrefix(ref, "/"):
			add(resolve(root, ref), Script)
		case strings.HasPrefix(ref, "static/") && nextBase != "":
			add(resolve(nextBase, ref), Script) // Next.js names chunks from /_next/
		case strings.Contains(ref, "/"):
			add(resolve(root, ref), Script) // Vite's preload list: from the site's base
		}
	}
	for _, ref := range webpackChunks(body) {
		switch {
		case strings.HasPrefix(ref, "/"):
			add(resolve(root, ref), Script)
		case nextBase != "":
			add(resolve(nextBase, ref), Script)
		default:
			add(resolve(root, ref), Script)
		}
	}
	if ref := frontend.MapRef(body); ref != "" && !strings.HasPrefix(ref, "data:") {
		add(resolve(scriptURL, ref), Map)
	}
	return out
}

// webpackRe matches webpack's chunk file name function, as in Next.js and Create React App
// runtimes: "static/chunks/" + e + "." + {123:"4f2a…",…}[e] + ".js".
var webpackRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`["']([\w./-]*)["']\s*\+\s*\w+\s*\+\s*["']\.["']\s*\+\s*\{([^{}]+)\}\[\w+\]\s*\+\s*["']((?:\.chunk)?\.m?js)["']`)
})

// webpackPair matches one id:"hash" entry of that table.
var webpackPair = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`["']?([\w-]+)["']?\s*:\s*["']([0-9a-zA-Z_-]+)["']`)
})

// webpackChunks returns the chunk paths a webpack runtime can load, from its public path:
// each id of the runtime's table with its hash.
func webpackChunks(body []byte) []string {
	var out []string
	for _, m := range webpackRe().FindAllSubmatch(body, 8) {
		prefix, table, suffix := string(m[1]), m[2], string(m[3])
		for _, p := range webpackPair().FindAllSubmatch(table, 2000) {
			out = append(out, prefix+string(p[1])+"."+string(p[2])+suffix)
		}
	}
	return out
}

// isModulePath reports whether an import specifier is a URL or path a browser would load
// (not a bare package name, which an import map would have to resolve).
func isModulePath(ref string) bool {
	if source.IsURL(ref) {
		return true
	}
	return strings.HasPrefix(ref, "./") || strings.HasPrefix(ref, "../") || strings.HasPrefix(ref, "/")
}

// jsonRefs returns the scripts a manifest (Vite's .vite/manifest.json, Create React
// App's asset-manifest.json) names: every string value naming a .js file.
func jsonRefs(jsonURL string, body []byte) []task {
	var v any
	if json.Unmarshal(body, &v) != nil {
		return nil
	}
	root := resolve(jsonURL, "/")
	var out []task
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		case string:
			if (strings.HasSuffix(x, ".js") || strings.HasSuffix(x, ".mjs")) && !strings.ContainsAny(x, " \n") {
				if u, err := url.Parse(x); err == nil && u.Scheme == "" {
					if abs := resolve(root, x); abs != "" {
						out = append(out, task{url: abs, kind: Script, from: jsonURL})
					}
				}
			}
		}
	}
	walk(v)
	slices.SortFunc(out, func(a, b task) int { return strings.Compare(a.url, b.url) })
	return out
}
