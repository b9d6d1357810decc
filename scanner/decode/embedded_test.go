package decode

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func collect(text []byte, prefixes []string) []Span {
	var got []Span
	Embedded(text, prefixes, func(s Span) { got = append(got, s) })
	return got
}

func TestEmbeddedBase64(t *testing.T) {
	g := newKeyGen()
	std := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	raw := func(s string) string { return base64.RawStdEncoding.EncodeToString([]byte(s)) }
	rawURL := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	type tc struct {
		name string
		text string
		want []Span
	}
	var tests []tc
	add := func(name, text string, want ...Span) { tests = append(tests, tc{name, text, want}) }

	for a, lead := range []string{"", "x", "xy"} {
		k := g.key("gp-", 40)
		enc := std(lead + k)
		text := "token = \"" + enc + "\"\n"
		add("alignment "+string(rune('0'+a)), text, spanOf(text, enc, lead+k, EncBase64))
	}
	for a, lead := range []string{"", "x", "xy"} {
		k := g.key("fastgpt-", 32)
		enc := raw(lead + k)
		text := "f(" + enc + ")"
		add("fastgpt alignment "+string(rune('0'+a)), text, spanOf(text, enc, lead+k, EncBase64))
	}
	{
		k := g.key("gpm-", 36)
		enc := std(k)
		text := "const m = atob('" + enc + "');"
		add("gpm in atob", text, spanOf(text, enc, k, EncBase64))
	}
	{
		k := g.key("gp-", 41)
		enc := raw(k)
		if len(enc)%4 == 0 {
			t.Fatal("want a length that needs padding")
		}
		text := "v: " + enc + "\n"
		add("missing padding", text, spanOf(text, enc, k, EncBase64))
	}
	{
		k := g.key("gp-", 40)
		data := "key=" + k + "\n\xfb\xef\xbe"
		enc := base64.URLEncoding.EncodeToString([]byte(data))
		if !strings.ContainsAny(enc, "-_") {
			t.Fatal("want URL-safe characters")
		}
		text := "u=" + enc + "&x=1"
		add("url-safe alphabet", text, spanOf(text, enc, data, EncBase64URL))
	}
	{
		k := g.key("gp-", 40)
		payload := `{"sub":"svc","api_key":"` + k + `"}`
		enc := rawURL(payload)
		text := "Authorization: Bearer " + rawURL(`{"alg":"HS256"}`) + "." + enc + ".c2lnbmF0dXJl\n"
		add("jwt payload", text, spanOf(text, enc, payload, EncBase64))
	}
	{
		k := g.key("gp-", 40)
		enc := std(k)
		text := "apiVersion: v1\nkind: Secret\nmetadata:\n  name: gonkagate\ntype: Opaque\ndata:\n  GONKAGATE_API_KEY: " + enc + "\n"
		add("kubernetes secret", text, spanOf(text, enc, k, EncBase64))
	}
	{
		env := "# settings\nDEBUG=false\nDATABASE_URL=postgres://app@db/app\nGONKAGATE_API_KEY=" + g.key("gp-", 40) +
			"\nFASTGPT_API_KEY=" + g.key("fastgpt-", 32) + "\nPORT=8080\n"
		enc := std(env)
		text := "data:\n  .env: " + enc + "\n"
		add("base64 env file on one line", text, spanOf(text, enc, env, EncBase64))

		wrapped := wrap(enc, 76, "    ")
		text = "data:\n  .env: |\n" + wrapped + "kind: Secret\n"
		start := strings.Index(text, wrapped) + 4
		end := start + len(wrapped) - 5
		add("base64 env file wrapped at 76", text, Span{Start: start, End: end, Data: []byte(env), Encoding: EncBase64})
	}
	{
		k := g.key("gp-", 40)
		enc := std(k)
		text := "abc" + enc
		add("run start off the group boundary", text, Span{Start: 3, End: len(text), Data: []byte(k), Encoding: EncBase64})
	}
	{
		k1, k2 := g.key("gp-", 40), g.key("gpm-", 40)
		e1, e2 := std(k1), std(k2)
		text := "a: " + e2 + "\nb: " + e1 + "\n"
		add("two runs in order", text, spanOf(text, e2, k2, EncBase64), spanOf(text, e1, k1, EncBase64))
	}
	{
		k := g.key("gp-", 40)
		r := newKeyGen()
		noise := make([]byte, 90<<10)
		for i := range noise {
			noise[i] = byte(r.r.IntN(256))
		}
		data := string(noise[:45<<10]) + k + string(noise[45<<10:])
		enc := std(data)
		text := "x = '" + enc + "'"
		var got []Span
		Embedded([]byte(text), testPrefixes, func(s Span) { got = append(got, s) })
		if len(got) != 1 || !strings.Contains(string(got[0].Data), k) || got[0].End-got[0].Start > maxB64Run+2 {
			t.Errorf("long run: got %d spans, want one of at most %d bytes holding the key", len(got), maxB64Run)
		}
	}
	add("no key", "x = '"+std("hello, world, this is not a key at all")+"'")
	add("too short to hold a key", "x = '"+std("gp-abc")+"'")
	add("prefix without dash", "x = '"+std("gpAbcdefghijklmnopqrstuvwxyz0123456789")+"'")
	add("needle in an identifier", "var Z3AtFooBar = 1 // ncCdwLZmFzdGdwdC\n")
	add("plain key is not encoded", "key: "+g.key("gp-", 40)+"\n")
	add("no prefixes", "")

	for _, ps := range prefixSets() {
		n := NewNeedles(ps.prefixes)
		for _, tt := range tests {
			t.Run(ps.name+"/"+tt.name, func(t *testing.T) {
				var got []Span
				n.Embedded([]byte(tt.text), func(s Span) { got = append(got, s) })
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("Embedded(%q) mismatch (-want +got):\n%s", tt.text, diff)
				}
			})
		}
	}
}

func TestEmbeddedEscapes(t *testing.T) {
	g := newKeyGen()
	hexAll := func(s string) string {
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			b.WriteString(`\x` + "0123456789abcdef"[s[i]>>4:][:1] + "0123456789abcdef"[s[i]&15:][:1])
		}
		return b.String()
	}
	k1, k2, k3, k4 := g.key("gp-", 40), g.key("fastgpt-", 32), g.key("gpm-", 40), g.key("gp-", 40)
	body1 := `gp\u002d` + k1[3:]
	body2 := hexAll(k2[:10]) + k2[10:]
	body3 := `gpm\u{2d}` + k3[4:]
	body4 := `\"gp\u002D` + k4[3:] + `\"`
	tests := []struct {
		name string
		text string
		want []Span
	}{
		{"json \\u002d", `{"key": "` + body1 + `"}`, []Span{spanOf(`{"key": "`+body1+`"}`, body1, k1, EncEscape)}},
		{"js \\x escapes", `const k = '` + body2 + `';`, []Span{spanOf(`const k = '`+body2+`';`, body2, k2, EncEscape)}},
		{"js \\u{} escape", "k = `" + body3 + "`", []Span{spanOf("k = `"+body3+"`", body3, k3, EncEscape)}},
		{"escaped quotes in json in json", `"{\"k\":` + body4 + `}"`, []Span{spanOf(`"{\"k\":`+body4+`}"`, `{\"k\":`+body4+`}`, `{"k":"`+k4+`"}`, EncEscape)}},
		{"accents", `"caf\u00e9 cr\u00e8me"`, nil},
		{"ansi colour", `fmt.Print("\x1b[31mgp-red\x1b[0m")`, nil},
		{"escapes without prefix", `"\x41\x42\x43 and \u0044"`, nil},
		{"broken escapes", `"gp\u00`, nil},
		{"trailing backslash", `gp-abc\`, nil},
	}
	for _, ps := range prefixSets() {
		n := NewNeedles(ps.prefixes)
		for _, tt := range tests {
			t.Run(ps.name+"/"+tt.name, func(t *testing.T) {
				var got []Span
				n.Embedded([]byte(tt.text), func(s Span) { got = append(got, s) })
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("Embedded(%q) mismatch (-want +got):\n%s", tt.text, diff)
				}
			})
		}
	}
}

func TestEmbeddedBase64Random(t *testing.T) {
	for _, ps := range prefixSets() {
		t.Run(ps.name, func(t *testing.T) { embeddedRandom(t, NewNeedles(ps.prefixes)) })
	}
}

func embeddedRandom(t *testing.T, n *Needles) {
	g := newKeyGen()
	encs := []struct {
		name string
		enc  *base64.Encoding
	}{{"std", base64.StdEncoding}, {"raw std", base64.RawStdEncoding}, {"url", base64.URLEncoding}, {"raw url", base64.RawURLEncoding}}
	for i := range 300 {
		prefix := testPrefixes[i%len(testPrefixes)]
		k := g.key(prefix, 20+g.r.IntN(50))
		lead := g.key("", g.r.IntN(7))
		e := encs[g.r.IntN(len(encs))]
		enc := e.enc.EncodeToString([]byte(lead + k + "\n"))
		text := []byte("x := \"" + enc + "\" // " + lead + "\n")
		var got []Span
		n.Embedded(text, func(s Span) { got = append(got, s) })
		want := []Span{spanOf(string(text), enc, lead+k+"\n", EncBase64)}
		if strings.ContainsAny(enc, "-_") {
			want[0].Encoding = EncBase64URL
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("%s of %q mismatch (-want +got):\n%s", e.name, lead+k, diff)
		}
	}
}

func TestNeedlesNoPrefixes(t *testing.T) {
	text := []byte("x: " + base64.StdEncoding.EncodeToString([]byte(newKeyGen().key("gp-", 40))) + ` "gp\u002d"`)
	for _, prefixes := range [][]string{nil, {""}} {
		if got := collect(text, prefixes); got != nil {
			t.Errorf("Embedded with prefixes %q = %v, want nothing", prefixes, got)
		}
	}
}

// prefixSets are the built-in prefixes alone, and among thousands of configured ones,
// which Needles searches by lookup instead of by anchor bytes.
func prefixSets() []struct {
	name     string
	prefixes []string
} {
	r := newKeyGen()
	many := append([]string(nil), testPrefixes...)
	for len(many) < 3000 {
		many = append(many, "q"+strings.ToLower(r.key("", 4+r.r.IntN(6)))+"-")
	}
	return []struct {
		name     string
		prefixes []string
	}{{"3 prefixes", testPrefixes}, {"3000 prefixes", many}}
}

// TestManyPrefixesCost checks that the cost of a text does not grow with the number of
// prefixes once there are many: with one pass over the text per anchor byte, ten times
// the prefixes cost about ten times as much.
func TestManyPrefixesCost(t *testing.T) {
	r := newKeyGen()
	var b strings.Builder
	for b.Len() < 1<<20 {
		b.WriteString("const " + r.key("", 8) + " = \"" + base64.StdEncoding.EncodeToString([]byte(r.key("", 30))) + "\";\n")
	}
	text := []byte(b.String())
	prefixes := func(n int) []string {
		out := append([]string(nil), testPrefixes...)
		for len(out) < n {
			out = append(out, "q"+strings.ToLower(r.key("", 4+r.r.IntN(6)))+"-")
		}
		return out
	}
	cost := func(n int) time.Duration {
		nd := NewNeedles(prefixes(n))
		best := time.Hour
		for range 3 {
			start := time.Now()
			nd.Embedded(text, func(Span) {})
			best = min(best, time.Since(start))
		}
		t.Logf("%d prefixes: 1 MiB in %s", n, best)
		return best
	}
	cost(3)
	some, many := cost(1000), cost(10000)
	if many > 4*some+100*time.Millisecond {
		t.Errorf("1 MiB took %s with 10,000 prefixes and %s with 1,000: the cost grows with the number of prefixes", many, some)
	}
}
