package frontend_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/internal/testkey"
	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/frontend"
	"github.com/keylint/keylint/scanner/rules"
	"github.com/keylint/keylint/scanner/source"
)

// TestBundleMarkInArchives checks that the bundle check marks keys by where each one is:
// a member of an archive under dist/ is built output, a member beside it is not, and a
// file on disk under dist/ is, whatever the archive or file is called.
func TestBundleMarkInArchives(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 2))
	key := testkey.GonkaGate(r)
	var zb bytes.Buffer
	w := zip.NewWriter(&zb)
	for _, name := range []string{"dist/assets/index-4f9a.js", "server/main.go"} {
		fw, _ := w.Create(name)
		fw.Write([]byte("const k = \"" + key + "\";\n"))
	}
	w.Close()
	set, err := rules.Compile(rules.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	sc := scanner.New(set, scanner.Options{Checks: frontend.Checks()})
	type mark struct {
		Path, Member string
		Bundle       bool
		Severity     rules.Severity
	}
	for _, tc := range []struct {
		name string
		path string
		data []byte
		want []mark
	}{
		{name: "zip members", path: "release.zip", data: zb.Bytes(), want: []mark{
			{"release.zip", "dist/assets/index-4f9a.js", true, rules.SeverityError},
			{"release.zip", "server/main.go", false, rules.SeverityError},
		}},
		{name: "built file", path: "web/dist/app.js", data: []byte("k=\"" + key + "\"\n"), want: []mark{
			{"web/dist/app.js", "", true, rules.SeverityError},
		}},
		{name: "source file", path: "web/src/app.js", data: []byte("k=\"" + key + "\"\n"), want: []mark{
			{"web/src/app.js", "", false, rules.SeverityError},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := tc.data
			fs, err := sc.Scan(context.Background(), source.Item{Location: source.Location{Path: tc.path}, Size: int64(len(data)),
				Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }})
			if err != nil {
				t.Fatal(err)
			}
			var got []mark
			for _, f := range fs {
				got = append(got, mark{f.Location.Path, f.Location.Member, f.Location.Bundle, f.Severity})
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("marks (-want +got):\n%s", diff)
			}
		})
	}
}
