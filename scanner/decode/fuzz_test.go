package decode

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func FuzzEmbedded(f *testing.F) {
	g := newKeyGen()
	k := g.key("gp-", 40)
	f.Add([]byte("x: " + base64.StdEncoding.EncodeToString([]byte(k)) + "\n"))
	f.Add([]byte("x: " + base64.RawURLEncoding.EncodeToString([]byte("ab"+g.key("fastgpt-", 32))) + "\n"))
	f.Add([]byte(wrap(base64.StdEncoding.EncodeToString([]byte("A=1\nK="+g.key("gpm-", 40)+"\n")), 32, "  ")))
	f.Add([]byte(`"gp\u002d` + k[3:] + `" '\x67\x70\x2d' \u{2d} \`))
	f.Add([]byte("Z3At"))
	f.Fuzz(func(t *testing.T, text []byte) {
		n := NewNeedles(testPrefixes)
		var spans []Span
		n.Embedded(text, func(s Span) { spans = append(spans, s) })
		for _, s := range spans {
			if s.Start < 0 || s.Start >= s.End || s.End > len(text) {
				t.Fatalf("span [%d,%d) out of text of %d bytes", s.Start, s.End, len(text))
			}
			if !n.containsPrefix(s.Data) {
				t.Fatalf("span [%d,%d) %s decodes to %q, which holds no prefix", s.Start, s.End, s.Encoding, s.Data)
			}
		}
		if !slices.IsSortedFunc(spans, func(a, b Span) int { return a.Start - b.Start }) {
			t.Fatal("spans out of order")
		}
		// The pair search finds what the anchors in long runs find.
		runs := newNeedles(testPrefixes, false)
		if diff := cmp.Diff(runs.base64Spans(text, nil), n.base64Spans(text, nil)); diff != "" {
			t.Fatalf("(-runs +pairs)\n%s", diff)
		}
	})
}

func FuzzUTF16(f *testing.F) {
	f.Add([]byte("\xff\xfea\x00\r\x00\n\x00"), false)
	f.Add([]byte("\xfe\xff\xd8\x3d\xde\x00\x00\n\xd8"), true)
	f.Add([]byte("\x00\xdc\x00\xd8x"), false)
	f.Fuzz(func(t *testing.T, in []byte, be bool) {
		k := UTF16LE
		if be {
			k = UTF16BE
		}
		got, err := io.ReadAll(NewUTF16Reader(bytes.NewReader(in), k))
		if err != nil {
			t.Fatal(err)
		}
		if !utf8.Valid(got) {
			t.Fatalf("invalid UTF-8 %q", got)
		}
		lines := 0
		for i := 0; i+1 < len(in); i += 2 {
			if k == UTF16LE && in[i] == '\n' && in[i+1] == 0 || k == UTF16BE && in[i] == 0 && in[i+1] == '\n' {
				lines++
			}
		}
		if n := bytes.Count(got, []byte("\n")); n != lines {
			t.Fatalf("%d line breaks, want %d", n, lines)
		}
		slow, err := io.ReadAll(NewUTF16Reader(oneByte{bytes.NewReader(in)}, k))
		if err != nil || !bytes.Equal(slow, got) {
			t.Fatalf("read a byte at a time: %q, %v; want %q", slow, err, got)
		}
	})
}

// oneByte reads one byte at a time.
type oneByte struct{ r io.Reader }

func (o oneByte) Read(p []byte) (int, error) {
	if len(p) > 1 {
		p = p[:1]
	}
	return o.r.Read(p)
}

func FuzzGunzip(f *testing.F) {
	f.Add(gz(f, []byte("hello")), int64(3))
	f.Add(gz(f, gz(f, []byte("hello"))), int64(100))
	f.Add(gz(f, noisyText(1000))[:200], int64(1000))
	f.Fuzz(func(t *testing.T, in []byte, max int64) {
		max = max & (1<<20 - 1)
		r, err := Gunzip(bytes.NewReader(in), NewBudget(max))
		if err != nil {
			return
		}
		got, err := io.ReadAll(r)
		if int64(len(got)) > max {
			t.Fatalf("read %d bytes, more than %d", len(got), max)
		}
		if errors.Is(err, ErrLimit) && int64(len(got)) != max {
			t.Fatalf("ErrLimit after %d bytes, want %d", len(got), max)
		}
	})
}

func FuzzZipMembers(f *testing.F) {
	f.Add(buildZip(f, zipEntry{name: "a", data: []byte("hello")}, zipEntry{name: "d/", mode: 0o755 | 1<<31}))
	f.Add(buildZip(f, zipEntry{name: "e", data: []byte("x"), encrypt: true}))
	f.Add(buildZip(f, zipEntry{name: "z", zeros: 1 << 16}))
	f.Add([]byte("PK\x05\x06\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, in []byte) {
		lim := Limits{MaxDepth: 1, MaxExpanded: 1 << 12, MaxMembers: 8, MaxBuffer: 1 << 12}
		var total int64
		calls := 0
		ZipMembers(bytes.NewReader(in), int64(len(in)), lim, nil, func(m Member) error {
			calls++
			rc, err := m.Open()
			if err != nil {
				return nil
			}
			defer rc.Close()
			n, _ := io.Copy(io.Discard, rc)
			total += n
			return nil
		})
		if total > lim.MaxExpanded || calls > lim.MaxMembers {
			t.Fatalf("read %d bytes from %d members, over the limits", total, calls)
		}
	})
}

// FuzzBudget takes and gives back bytes of a budget through two sub-budgets, and checks
// that nothing is granted beyond either cap and that what was granted is what was drawn.
func FuzzBudget(f *testing.F) {
	f.Add(int64(100), int64(30), int64(50), []byte{10, 40, 200, 5, 1})
	f.Add(int64(0), int64(10), int64(10), []byte{1})
	f.Fuzz(func(t *testing.T, max, capA, capB int64, ops []byte) {
		max, capA, capB = max&0xffff, capA&0xffff, capB&0xffff
		root := NewBudget(max)
		subs := []*Budget{root.Sub(capA), root.Sub(capB)}
		held := []int64{0, 0}
		for i, op := range ops {
			s := i % 2
			n := int64(op)
			if op&1 == 1 && held[s] > 0 { // give back part of what is held
				g := min(n, held[s])
				subs[s].GiveBack(g)
				held[s] -= g
				continue
			}
			got := subs[s].Take(n)
			if got < 0 || got > n {
				t.Fatalf("Take(%d) granted %d", n, got)
			}
			held[s] += got
			if held[s] > subs[s].Max() {
				t.Fatalf("sub %d holds %d, over its cap %d", s, held[s], subs[s].Max())
			}
			if held[0]+held[1] > max {
				t.Fatalf("subs hold %d, over the budget %d", held[0]+held[1], max)
			}
		}
		if got, want := root.Left(), max-held[0]-held[1]; got != want {
			t.Fatalf("Left = %d, want %d", got, want)
		}
	})
}

// FuzzEncodedSearch checks the searches from the masks (runs long enough for base64, escapes
// by backslash parity) against searching every byte, as they were before the masks.
func FuzzEncodedSearch(f *testing.F) {
	g := newKeyGen()
	k := g.key("gp-", 40)
	f.Add([]byte("x: " + base64.StdEncoding.EncodeToString([]byte(k)) + "\n"))
	f.Add([]byte(wrap(base64.StdEncoding.EncodeToString([]byte("A=1\nK="+g.key("gpm-", 40)+"\n")), 32, "  ")))
	f.Add([]byte(`"gp\u002d` + k[3:] + `" \\\x67\x70\x2d' \\\\u0067\u0070- \u{2d} \`))
	f.Add([]byte("Z3At" + strings.Repeat("A", 60) + "\r\nZ3At"))
	f.Fuzz(func(t *testing.T, text []byte) {
		n := newNeedles(testPrefixes, false)
		want := n.hitSpans(text, n.anchorHits(text, 0, len(text), nil), nil)
		if diff := cmp.Diff(want, n.base64Spans(text, nil)); diff != "" {
			t.Fatalf("base64: (-every byte +runs)\n%s", diff)
		}
		if diff := cmp.Diff(n.escapeSpansScalar(text, nil), n.escapeSpans(text, nil)); diff != "" {
			t.Fatalf("escapes: (-every backslash +mask)\n%s", diff)
		}
		each := n.hitSpans(text, n.anchorHitsEach(text, 0, len(text)-1, nil), nil)
		if diff := cmp.Diff(each, want); diff != "" {
			t.Fatalf("anchors: (-a search per anchor +one mask)\n%s", diff)
		}
	})
}
