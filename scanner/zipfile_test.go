package scanner_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/decode"
	"github.com/keylint/keylint/scanner/source"
)

// TestZipFileReadInPlace checks that a zip file on disk is read where it lies, whatever
// its size, while a zip that only arrives as a stream is held in memory up to MaxBuffer.
func TestZipFileReadInPlace(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	k := key(r)
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for i := range 20 {
		fw, _ := w.CreateHeader(&zip.FileHeader{Name: "filler" + strings.Repeat("x", i), Method: zip.Store})
		fw.Write(bytes.Repeat([]byte("filler line\n"), 100))
	}
	fw, _ := w.Create("app/config.js")
	fw.Write([]byte("const k = '" + k + "';\n"))
	w.Close()
	path := filepath.Join(t.TempDir(), "big.jar")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	lim := decode.DefaultLimits()
	lim.MaxBuffer = 4096 // the archive is about 25 KiB
	sc := newScanner(t, scanner.Options{Limits: lim})

	var onDisk []scanner.Finding
	err := sc.Run(context.Background(), &source.Files{Paths: []string{path}}, 1, scanner.Sink{
		Finding: func(f scanner.Finding) { onDisk = append(onDisk, f) },
		Problem: func(p *source.Problem) { t.Errorf("problem: %v", p) },
	}, nil)
	if err != nil || len(onDisk) != 1 || onDisk[0].Location.Member != "app/config.js" {
		t.Errorf("zip on disk: %v, %v; want the key in app/config.js", onDisk, err)
	}

	streamed, err := sc.Scan(context.Background(), item("big.jar", b.Bytes()))
	if len(streamed) != 0 || !errors.Is(err, decode.ErrLimit) {
		t.Errorf("streamed zip: %d findings, %v; want the buffer limit", len(streamed), err)
	}
}
