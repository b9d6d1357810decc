package decode

import (
	"bytes"
	"encoding/base64"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// sourceCorpus returns about 1 MiB of Go and JavaScript from the Go tree, which
// holds no keys.
func sourceCorpus(b *testing.B) []byte {
	b.Helper()
	root := runtime.GOROOT()
	var files []string
	for _, dir := range []string{"lib/wasm", "src/cmd/vendor/github.com/google/pprof/internal/driver/html",
		"src/internal/trace/traceviewer/static", "src/net/http", "src/encoding/json"} {
		filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".go") || strings.HasSuffix(p, ".js")) {
				files = append(files, p)
			}
			return nil
		})
	}
	slices.Sort(files)
	var buf bytes.Buffer
	for _, f := range files {
		if buf.Len() >= 1<<20 {
			break
		}
		data, err := os.ReadFile(f)
		if err == nil {
			buf.Write(data)
		}
	}
	if buf.Len() < 1<<20 {
		b.Skipf("only %d bytes of source under %s", buf.Len(), root)
	}
	return buf.Bytes()[:1<<20]
}

// base64Corpus returns 1 MiB of wrapped base64 of random bytes, which holds no keys.
func base64Corpus() []byte {
	r := rand.New(rand.NewPCG(3, 4))
	raw := make([]byte, 3<<18)
	for i := range raw {
		raw[i] = byte(r.IntN(256))
	}
	return []byte(wrap(base64.StdEncoding.EncodeToString(raw), 76, ""))
}

// corpus is a named text the benchmarks measure on.
type corpus struct {
	name string
	text func() []byte
}

// corpora are the source and wrapped-base64 texts of the benchmarks.
func corpora(b *testing.B) []corpus {
	return []corpus{
		{"source", func() []byte { return sourceCorpus(b) }},
		{"base64", base64Corpus},
	}
}

func BenchmarkEmbedded(b *testing.B) {
	n := NewNeedles(testPrefixes)
	for _, c := range corpora(b) {
		b.Run(c.name, func(b *testing.B) {
			text := c.text()
			spans := 0
			b.SetBytes(int64(len(text)))
			b.ResetTimer()
			for b.Loop() {
				n.Embedded(text, func(Span) { spans++ })
			}
			b.ReportMetric(float64(spans)/float64(b.N), "spans/op")
		})
	}
}

func BenchmarkNewNeedles(b *testing.B) {
	for b.Loop() {
		NewNeedles(testPrefixes)
	}
}

// BenchmarkIndexBaseline is one bytes.Index pass for a literal over the same
// text, a yardstick for BenchmarkEmbedded on a busy machine.
func BenchmarkIndexBaseline(b *testing.B) {
	text := sourceCorpus(b)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if bytes.Index(text, []byte("fastgpt-")) >= 0 {
			b.Fatal("corpus holds a prefix")
		}
	}
}

// BenchmarkEmbeddedTree is BenchmarkEmbedded on up to 16 MiB of the JavaScript and source
// maps under $KEYLINT_BENCH_TREE (skipped when unset): text dense with base64 letters.
func BenchmarkEmbeddedTree(b *testing.B) {
	root := os.Getenv("KEYLINT_BENCH_TREE")
	if root == "" {
		b.Skip("KEYLINT_BENCH_TREE not set")
	}
	var files [][]byte
	total := 0
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if total >= 16<<20 {
			return filepath.SkipAll
		}
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".js") || strings.HasSuffix(p, ".map")) {
			if data, err := os.ReadFile(p); err == nil {
				files = append(files, data)
				total += len(data)
			}
		}
		return nil
	})
	n := NewNeedles(testPrefixes)
	b.SetBytes(int64(total))
	for b.Loop() {
		for _, f := range files {
			n.Embedded(f, func(Span) {})
		}
	}
}

// BenchmarkLongRun is the first stage of the base64 search alone: finding the runs long
// enough to hold a key, where the anchors are then searched.
func BenchmarkLongRun(b *testing.B) {
	n := NewNeedles(testPrefixes)
	for _, c := range corpora(b) {
		b.Run(c.name, func(b *testing.B) {
			text := c.text()
			runs := 0
			b.SetBytes(int64(len(text)))
			b.ResetTimer()
			for b.Loop() {
				f := runFinder{isB64: &n.isB64, text: text}
				for from := 0; ; runs++ {
					s, e := f.next(from)
					if s < 0 {
						break
					}
					from = e + 1
				}
			}
			b.ReportMetric(float64(runs)/float64(b.N), "runs/op")
		})
	}
}

// BenchmarkB64Mask is the vector classification of base64 characters alone.
func BenchmarkB64Mask(b *testing.B) {
	n := NewNeedles(testPrefixes)
	text := sourceCorpus(b)
	words := make([]uint64, len(text)/64)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		b64Mask(&n.isB64, words, text)
	}
}
