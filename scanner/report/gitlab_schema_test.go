package report_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/keylint/keylint/scanner/report"
	"github.com/keylint/keylint/scanner/rules"
)

// gitlabSchema compiles GitLab's published secret-detection schema for the version the report writes.
func gitlabSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	name := filepath.Join("testdata", "gitlab-schema", "secret-detection-report-format-"+report.GitLabSchemaVersion+".json")
	f, err := os.Open(name)
	if err != nil {
		t.Fatalf("no schema for the version the report declares: %v", err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	const id = "https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/master/dist/secret-detection-report-format.json"
	c := jsonschema.NewCompiler()
	if err := c.AddResource(id, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(id)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// TestGitLabSchema validates the GitLab report, with findings and empty, against GitLab's schema,
// and checks that the validator rejects a report that breaks it.
func TestGitLabSchema(t *testing.T) {
	sch := gitlabSchema(t)
	full := fixtureRun(t)
	empty := *full
	empty.Findings = nil
	for name, run := range map[string]*report.Run{"findings": full, "empty": &empty} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := gitlabReporter().Report(&buf, run); err != nil {
				t.Fatal(err)
			}
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(inst); err != nil {
				t.Errorf("the report breaks GitLab's schema %s: %v", report.GitLabSchemaVersion, err)
			}
		})
	}
	var buf bytes.Buffer
	if err := gitlabReporter().Report(&buf, full); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	doc["scan"].(map[string]any)["start_time"] = "2026-03-04 05:06:07Z"
	if err := sch.Validate(doc); err == nil {
		t.Error("the schema accepted a start_time in the wrong form: the validator proves nothing")
	}
}

// TestRuleAnchors: the URL each report gives for a rule (SARIF helpUri, GitLab identifier url)
// is the README's anchor for it, and every rule keylint can report has one.
func TestRuleAnchors(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range append(rules.Builtin(), append(rules.Checks(), rules.Rule{ID: "custom-rules"})...) {
		if !strings.Contains(string(readme), `<a id="`+r.ID+`"></a>`) {
			t.Errorf("README.md has no anchor <a id=%q></a> for the rule's help URL", r.ID)
		}
	}
	var buf bytes.Buffer
	if err := gitlabReporter().Report(&buf, fixtureRun(t)); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Vulnerabilities []struct {
			Identifiers []struct{ Value, URL string }
		}
	}
	anchor := func(id string) string {
		if _, ok := rules.CheckRule(id, ""); ok {
			return id
		}
		for _, r := range rules.Builtin() {
			if r.ID == id {
				return id
			}
		}
		return "custom-rules"
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for _, v := range doc.Vulnerabilities {
		for _, id := range v.Identifiers {
			if want := "https://github.com/keylint/keylint#" + anchor(id.Value); id.URL != want {
				t.Errorf("identifier %s: url %s, want %s", id.Value, id.URL, want)
			}
			if !strings.Contains(string(readme), `<a id="`+anchor(id.Value)+`"></a>`) {
				t.Errorf("identifier %s points at an anchor README.md lacks", id.Value)
			}
		}
	}
}
