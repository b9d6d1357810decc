package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

// TestGitLabTemplate checks examples/gitlab-ci.yml: one pipeline per change (workflow rules),
// the job and report named as GitLab's Secret-Detection template names them, the report keylint
// writes being the one the artifacts declare, and the one version string.
func TestGitLabTemplate(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "examples", "gitlab-ci.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var ci struct {
		Workflow struct {
			Rules []map[string]string `yaml:"rules"`
		} `yaml:"workflow"`
		Job struct {
			Stage        string            `yaml:"stage"`
			AllowFailure bool              `yaml:"allow_failure"`
			Variables    map[string]string `yaml:"variables"`
			Rules        []map[string]string
			Script       []string `yaml:"script"`
			Artifacts    struct {
				When    string   `yaml:"when"`
				Paths   []string `yaml:"paths"`
				Reports struct {
					SecretDetection string `yaml:"secret_detection"`
				} `yaml:"reports"`
			} `yaml:"artifacts"`
		} `yaml:"secret_detection"`
	}
	if err := yaml.Unmarshal(data, &ci); err != nil {
		t.Fatal(err)
	}
	var ifs []string
	for _, r := range ci.Workflow.Rules {
		ifs = append(ifs, r["if"]+" "+r["when"])
	}
	want := []string{`$CI_PIPELINE_SOURCE == "merge_request_event" `, "$CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS never", "$CI_COMMIT_BRANCH "}
	if diff := cmp.Diff(want, ifs); diff != "" {
		t.Errorf("workflow rules (-want +got):\n%s", diff)
	}
	const report = "gl-secret-detection-report.json"
	j := ci.Job
	if j.Stage != "test" || j.Artifacts.Reports.SecretDetection != report || j.Artifacts.When != "always" {
		t.Errorf("secret_detection job: stage %q, report %q, when %q", j.Stage, j.Artifacts.Reports.SecretDetection, j.Artifacts.When)
	}
	script := strings.Join(j.Script, "\n")
	if !strings.Contains(script, "keylint ci --gitlab-report "+report) {
		t.Errorf("the script does not write %s:\n%s", report, script)
	}
	if j.Variables["GIT_DEPTH"] != "0" || j.Variables["KEYLINT_VERSION"] != "v0.1.0" {
		t.Errorf("variables: %v", j.Variables)
	}
	if len(j.Rules) == 0 || j.Rules[0]["when"] != "never" || !strings.Contains(j.Rules[0]["if"], "SECRET_DETECTION_DISABLED") {
		t.Errorf("the first rule does not honour SECRET_DETECTION_DISABLED: %v", j.Rules)
	}
	if strings.Contains(string(data), "@latest") {
		t.Error("the template installs @latest, which does not work until the module is published")
	}
}
