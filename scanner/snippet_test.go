package scanner_test

import (
	"context"
	"encoding/base64"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/source"
)

// hideKeys replaces the key ranges of a finding's context, as a report does.
func hideKeys(f scanner.Finding) string {
	var b strings.Builder
	at := 0
	for _, k := range f.ContextKeys {
		b.WriteString(f.Context[at:k.Start])
		b.WriteString("[KEY]")
		at = k.End
	}
	b.WriteString(f.Context[at:])
	return b.String()
}

// leaked reports a piece of a key's body, eight characters or more, that text shows.
func leaked(text string, keys []string) string {
	for _, k := range keys {
		body := k[strings.IndexByte(k, '-')+1:]
		for i := 0; i+8 <= len(body); i++ {
			if strings.Contains(text, body[i:i+8]) {
				return body[i : i+8]
			}
		}
	}
	return ""
}

// escapeOne writes the body character at i as a \x escape.
func escapeOne(k string, i int) string {
	return k[:i] + `\x` + strings.ToUpper(hexByte(k[i])) + k[i+1:]
}

func hexByte(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}

// TestSnippetsHideEveryKey checks that, once a report redacts the ranges the scanner marks,
// no snippet shows any piece of any key on the line, and that each key is found once.
func TestSnippetsHideEveryKey(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 5))
	a, b, c := key(r), key(r), key(r)
	b64 := base64.StdEncoding.EncodeToString([]byte(b))
	for _, tc := range []struct {
		name  string
		text  string
		chunk int
		want  []string // the keys found, in order
	}{
		{"three keys on one line", `x = "` + a + `" + "` + b + `" + "` + c + `"`, 0, []string{a, b, c}},
		{"the same key twice", a + " " + a, 0, []string{a, a}},
		{"keys end to end but for a comma", a + "," + b + "," + c, 0, []string{a, b, c}},
		{"a plain key beside a base64 one", "k: " + a + " " + b64 + " " + c, 0, []string{a, b, c}},
		{"one \\x50 escape in the middle is one key", `const k = "` + escapeOne(a, 20) + `"; const j = "` + c + `"`, 0, []string{a, c}},
		{"escaped keys side by side", `s = "` + escapeOne(a, 20) + `" + "` + escapeOne(b, 30) + `"`, 0, []string{a, b}},
		{"dense keys across small chunks", strings.Repeat(a+" "+b+" "+c+" ", 400), 8192, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newScanner(t, scanner.Options{ChunkSize: tc.chunk})
			var got []scanner.Finding
			if tc.chunk > 0 {
				var err error
				if got, err = s.Scan(context.Background(), item("f.js", []byte(tc.text))); err != nil {
					t.Fatal(err)
				}
			} else {
				got = s.ScanBytes(source.Location{Path: "f.js"}, []byte(tc.text))
			}
			var keys []string
			for _, f := range got {
				keys = append(keys, f.Secret)
				if piece := leaked(hideKeys(f), []string{a, b, c}); piece != "" {
					t.Errorf("the snippet of %s at column %d shows %q of a key: %s", f.RuleID, f.Column, piece, hideKeys(f))
				}
				for _, k := range f.ContextKeys {
					if !strings.HasPrefix(f.Context[k.Start:k.End], "gp-") {
						t.Errorf("range %v does not hold a key: %q", k, f.Context[k.Start:k.End])
					}
				}
			}
			if tc.want != nil {
				if diff := cmp.Diff(tc.want, keys); diff != "" {
					t.Errorf("keys found (-want +got):\n%s", diff)
				}
			} else if len(keys) != 1200 {
				t.Errorf("found %d keys, want 1200", len(keys))
			}
		})
	}
}

// TestSnippetsNeverLeakRandom builds random lines of keys, plain and encoded, with random text
// between them, and checks, scanned whole and in small chunks, that no redacted snippet shows a
// piece of any key of its line.
func TestSnippetsNeverLeakRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 7))
	seps := []string{" ", ",", `"`, "', '", "=", ": ", ";", "  x  ", "é", "\t"}
	var text strings.Builder
	var lines [][]string
	for range 400 {
		var keys []string
		for range 1 + r.IntN(6) {
			k := key(r)
			keys = append(keys, k)
			text.WriteString(seps[r.IntN(len(seps))])
			switch r.IntN(4) {
			case 0:
				text.WriteString(base64.StdEncoding.EncodeToString([]byte(k)))
			case 1:
				text.WriteString(`"` + escapeOne(k, 5+r.IntN(len(k)-6)) + `"`)
			default:
				text.WriteString(k)
			}
		}
		text.WriteString(" // " + strings.Repeat("y", r.IntN(60)) + "\n")
		lines = append(lines, keys)
	}
	data := []byte(text.String())
	for _, chunk := range []int{0, 8192, 9001} {
		s := newScanner(t, scanner.Options{ChunkSize: chunk})
		var got []scanner.Finding
		if chunk == 0 {
			got = s.ScanBytes(source.Location{Path: "f.js"}, data)
		} else {
			var err error
			if got, err = s.Scan(context.Background(), item("f.js", data)); err != nil {
				t.Fatal(err)
			}
		}
		total := 0
		for _, l := range lines {
			total += len(l)
		}
		if len(got) != total {
			t.Errorf("chunk %d: %d findings, want one per key, %d", chunk, len(got), total)
		}
		for _, f := range got {
			if piece := leaked(hideKeys(f), lines[f.Line-1]); piece != "" {
				t.Errorf("chunk %d: line %d: the snippet shows %q of a key: %s", chunk, f.Line, piece, hideKeys(f))
			}
		}
	}
}
