package frontend_test

import (
	"testing"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/frontend"
	"github.com/keylint/keylint/scanner/rules"
	"github.com/keylint/keylint/scanner/source"
)

// FuzzSourceMap feeds arbitrary map files, with the keys the scanner finds in them,
// to the source-map check: it must never panic or invent locations.
func FuzzSourceMap(f *testing.F) {
	set, err := rules.Compile(rules.Builtin())
	if err != nil {
		f.Fatal(err)
	}
	sc := scanner.New(set, scanner.Options{})
	key := "fastgpt-k" + "3Jd8Lq2Mx7Nv5Bc1Zr9Tw4Yh6Gf0SpAeUoIiQa2We3Rt4Yu5Io6Pa7Sd8Fg9Hj0K" // keylint:allow fuzz seed
	f.Add([]byte(`{"version":3,"sources":["../src/a.ts"],"sourcesContent":["const k = \"` + key + `\";\n"],"mappings":"AAAA"}`))
	f.Add([]byte(`{"version":3,"sourceRoot":"webpack://","sources":[null,1],"sourcesContent":[null,"` + key + `"]}`))
	f.Add([]byte(`{"sections":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		loc := source.Location{Path: "dist/app.js.map"}
		found := sc.ScanBytes(loc, data)
		out := frontend.SourceMap{}.Check(loc, data, found)
		for _, fd := range out {
			for _, r := range fd.Related {
				if r.Line < 0 {
					t.Fatalf("related location with line %d", r.Line)
				}
			}
		}
	})
}

// FuzzOrigin feeds arbitrary maps to the check that maps a script's keys back to their
// source: a hostile map served by a site must never panic or give a line below 1.
func FuzzOrigin(f *testing.F) {
	set, err := rules.Compile(rules.Builtin())
	if err != nil {
		f.Fatal(err)
	}
	sc := scanner.New(set, scanner.Options{})
	key := "fastgpt-k" + "3Jd8Lq2Mx7Nv5Bc1Zr9Tw4Yh6Gf0SpAeUoIiQa2We3Rt4Yu5Io6Pa7Sd8Fg9Hj0K" // keylint:allow fuzz seed
	script := []byte(`var a=1;const k="` + key + `";`)
	found := sc.ScanBytes(source.Location{Path: "dist/app.js"}, script)
	if len(found) == 0 {
		f.Fatal("the seed key is not found")
	}
	f.Add([]byte(`{"version":3,"sources":["../src/a.ts"],"mappings":"AAAA,gBAIE"}`))
	f.Add([]byte(`{"version":3,"sources":[],"mappings":"AAAA,gBAIE;;;"}`))
	f.Add([]byte(`{"version":3,"sections":[{"offset":{"line":0,"column":0},"map":{"version":3,"sources":["a"],"mappings":"AAAA"}}]}`))
	f.Fuzz(func(t *testing.T, m []byte) {
		check := frontend.Origin{Maps: fixedMap(m)}
		in := append([]scanner.Finding(nil), found...)
		for _, fd := range check.Check(source.Location{Path: "dist/app.js"}, script, in) {
			for _, r := range fd.Related {
				if r.Line < 1 || r.Column < 1 {
					t.Fatalf("related location %d:%d", r.Line, r.Column)
				}
			}
		}
	})
}

// fixedMap is a MapFinder that always finds the same map.
type fixedMap []byte

func (m fixedMap) FindMap(source.Location, []byte) (string, []byte, error) {
	return "dist/app.js.map", m, nil
}
