package scanner_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/keylint/keylint/internal/testkey"
	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/rules"
	"github.com/keylint/keylint/scanner/source"
)

func newScanner(t testing.TB, opt scanner.Options) *scanner.Scanner {
	t.Helper()
	set, err := rules.Compile(rules.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	return scanner.New(set, opt)
}

// key makes a random GonkaGate-shaped key, the way the provider makes them.
func key(r *rand.Rand) string { return testkey.GonkaGate(r) }

func item(path string, data []byte) source.Item {
	return source.Item{Location: source.Location{Path: path}, Size: int64(len(data)),
		Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }}
}

type pos struct {
	Line, Col, EndCol int
	Key               string
}

func positions(fs []scanner.Finding) []pos {
	var out []pos
	for _, f := range fs {
		out = append(out, pos{f.Line, f.Column, f.EndColumn, f.Secret})
	}
	return out
}

func TestPositions(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	k := key(r)
	n := len(k)
	b64 := base64.StdEncoding.EncodeToString([]byte(k))
	for _, tc := range []struct {
		name string
		text string
		want []pos
	}{
		{"first line", `k = "` + k + `"`, []pos{{1, 6, 6 + n, k}}},
		{"third line", "a\nb\n  " + k, []pos{{3, 3, 3 + n, k}}},
		{"crlf", "a\r\nb\r\nx=" + k + "\r\n", []pos{{3, 3, 3 + n, k}}},
		{"unicode before", "ключ: " + k, []pos{{1, 7, 7 + n, k}}},
		{"utf-8 byte-order mark", "\ufeffk = " + k, []pos{{1, 5, 5 + n, k}}},
		{"two on a line", k + " " + k, []pos{{1, 1, 1 + n, k}, {1, n + 2, 2*n + 2, k}}},
		{"encoded key before a plain one", "a: " + b64 + "\nb: " + k, []pos{{1, 4, 4 + len(b64), k}, {2, 4, 4 + n, k}}},
		{"inline allow", "x = '" + k + "' # keylint:allow\ny = 1", nil},
		{"gitleaks allow", "x = '" + k + "' // gitleaks:allow", nil},
		{"allow on another line", "# keylint:allow\nx = '" + k + "'", []pos{{2, 6, 6 + n, k}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newScanner(t, scanner.Options{})
			got, err := s.Scan(context.Background(), item("f.txt", []byte(tc.text)))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, positions(got)); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

// TestChunksAgreeWithWhole scans text in small chunks and checks that every key is
// found once, at the same place as when the text is scanned whole.
func TestChunksAgreeWithWhole(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 2))
	var b strings.Builder
	for range 2000 {
		switch r.IntN(4) {
		case 0:
			b.WriteString("line " + strings.Repeat("é", r.IntN(30)) + " " + key(r) + "\n")
		case 1:
			b.WriteString(key(r)) // a key with no newline: lines get long
		default:
			b.WriteString(strings.Repeat("x", r.IntN(200)) + "\n")
		}
	}
	text := []byte(b.String())
	if len(text) < 4*16384 {
		t.Fatalf("text of %d bytes is too short to cross chunks", len(text))
	}
	whole := newScanner(t, scanner.Options{}).ScanBytes(source.Location{Path: "f"}, text)
	if len(whole) < 100 {
		t.Fatalf("only %d keys in the whole text", len(whole))
	}
	for _, size := range []int{8192, 10007, 16384} {
		got, err := newScanner(t, scanner.Options{ChunkSize: size}).Scan(context.Background(), item("f", text))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(positions(whole), positions(got)); diff != "" {
			t.Errorf("chunk %d: (-whole +chunked)\n%s", size, diff)
		}
	}
}

func TestMinifiedSnippet(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	k := key(r)
	line := strings.Repeat("function a(e,t){return e+t};", 2000) + `const c={apiKey:"` + k + `"};` + strings.Repeat("x();", 1000)
	got := newScanner(t, scanner.Options{}).ScanBytes(source.Location{Path: "app.min.js"}, []byte(line))
	if len(got) != 1 {
		t.Fatalf("found %d keys, want 1", len(got))
	}
	f := got[0]
	if want := strings.Index(line, k) + 1; f.Column != want {
		t.Errorf("column = %d, want %d", f.Column, want)
	}
	if !strings.Contains(f.Context, k) || len(f.Context) > len(k)+100 {
		t.Errorf("context not cut around the key: %d bytes", len(f.Context))
	}
}

func TestBinarySkipped(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	data := append([]byte("\x00\x01\x02ELF"), []byte(" "+key(r))...)
	got, err := newScanner(t, scanner.Options{}).Scan(context.Background(), item("a.out", data))
	if err != nil || len(got) != 0 {
		t.Errorf("binary file: %d findings, err %v; want none", len(got), err)
	}
}

func TestFingerprintIgnoresLine(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	k := key(r)
	s := newScanner(t, scanner.Options{})
	a := s.ScanBytes(source.Location{Path: "a.go"}, []byte(k))
	b := s.ScanBytes(source.Location{Path: "a.go"}, []byte("\n\n"+k))
	c := s.ScanBytes(source.Location{Path: "b.go"}, []byte(k))
	if a[0].Fingerprint() != b[0].Fingerprint() {
		t.Error("fingerprint changed when the key moved to another line")
	}
	if a[0].Fingerprint() == c[0].Fingerprint() {
		t.Error("fingerprint is the same for another path")
	}
	if strings.Contains(a[0].Fingerprint(), k[3:]) {
		t.Error("fingerprint holds the key")
	}
}
