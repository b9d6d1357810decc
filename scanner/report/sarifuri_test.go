package report_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/report"
	"github.com/keylint/keylint/scanner/source"
)

// TestSARIFURIs checks which paths SARIF writes relative to the base folder (SRCROOT): those
// inside it, a name that starts with two dots included; a path outside is a file: URI.
func TestSARIFURIs(t *testing.T) {
	for _, tc := range []struct {
		name, path, wantURI, wantBase string
	}{
		{name: "inside", path: "/src/project/app/a.go", wantURI: "app/a.go", wantBase: "SRCROOT"},
		{name: "relative", path: "app/a.go", wantURI: "app/a.go", wantBase: "SRCROOT"},
		{name: "a name with two leading dots", path: "/src/project/..env", wantURI: "..env", wantBase: "SRCROOT"},
		{name: "outside", path: "/src/other/a.go", wantURI: "file:///src/other/a.go"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := scanner.Finding{RuleID: "public-env-key", Line: 1, Column: 1, Location: source.Location{Path: tc.path}, Message: "m"}
			var out bytes.Buffer
			run := &report.Run{Findings: []scanner.Finding{f}, Version: "v1", BaseDir: "/src/project"}
			if err := (report.SARIF{}).Report(&out, run); err != nil {
				t.Fatal(err)
			}
			var doc struct {
				Runs []struct {
					Results []struct {
						Locations []struct {
							PhysicalLocation struct {
								ArtifactLocation struct {
									URI       string `json:"uri"`
									URIBaseID string `json:"uriBaseId"`
								} `json:"artifactLocation"`
							} `json:"physicalLocation"`
						} `json:"locations"`
					} `json:"results"`
				} `json:"runs"`
			}
			if err := json.Unmarshal(out.Bytes(), &doc); err != nil || len(doc.Runs) != 1 || len(doc.Runs[0].Results) != 1 {
				t.Fatalf("SARIF %s: %v", out.String(), err)
			}
			got := doc.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation
			if diff := cmp.Diff([]string{tc.wantURI, tc.wantBase}, []string{got.URI, got.URIBaseID}); diff != "" {
				t.Errorf("uri, base (-want +got):\n%s", diff)
			}
		})
	}
}
