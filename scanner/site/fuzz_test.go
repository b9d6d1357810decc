package site

import (
	"net/url"
	"testing"
)

// FuzzRefs feeds arbitrary pages, scripts and manifests to the reference finders: a
// hostile site must never make them panic or queue anything but absolute http(s) URLs.
func FuzzRefs(f *testing.F) {
	f.Add([]byte(`<script type="module" src="/a.js"></script><link rel=modulepreload href="b.js"><script>import("./c.js")</script>`))
	f.Add([]byte(`<script id="__NEXT_DATA__" type="application/json">{"buildId":"x"}</script><base href="/app/">`))
	f.Add([]byte(`const m=()=>import("./x.js");"assets/y.js";//# sourceMappingURL=z.js.map`))
	f.Add([]byte(`{"a":{"file":"assets/a.js","imports":["b"]},"b":["/static/c.js"]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		const base = "http://127.0.0.1:8080/dir/page.html"
		var all []task
		all = append(all, pageRefs(base, body)...)
		all = append(all, scriptRefs(base, body)...)
		all = append(all, jsonRefs(base, body)...)
		for _, tk := range all {
			u, err := url.Parse(tk.url)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				t.Fatalf("queued %q", tk.url)
			}
		}
	})
}
