package ci_test

import (
	"errors"
	"io/fs"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keylint/keylint/scanner/ci"
)

const (
	shaA  = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	shaB  = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	zeros = "0000000000000000000000000000000000000000"
)

func files(m map[string]string) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		if s, ok := m[name]; ok {
			return []byte(s), nil
		}
		return nil, fs.ErrNotExist
	}
}

func ghEnv(event string) map[string]string {
	return map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": event, "GITHUB_EVENT_PATH": "/ev.json",
		"GITHUB_SHA": shaB, "GITHUB_REF_NAME": "feature"}
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name      string
		env       map[string]string
		event     string
		rangeFlag string
		want      ci.Plan
		wantErr   string
	}{
		{
			name:  "github pull request",
			env:   ghEnv("pull_request"),
			event: `{"pull_request":{"base":{"sha":"` + shaA + `","ref":"main"},"head":{"sha":"` + shaB + `","ref":"feature"}}}`,
			want: ci.Plan{System: ci.GitHub, Event: "pull_request", Base: shaA, Head: shaB,
				Reason: "pull request from feature into main"},
		},
		{
			name:  "github push",
			env:   ghEnv("push"),
			event: `{"before":"` + shaA + `","after":"` + shaB + `","ref":"refs/heads/feature","repository":{"default_branch":"main"}}`,
			want:  ci.Plan{System: ci.GitHub, Event: "push", Base: shaA, Head: shaB, Reason: "push to feature"},
		},
		{
			name:  "github new branch",
			env:   ghEnv("push"),
			event: `{"before":"` + zeros + `","after":"` + shaB + `","created":true,"repository":{"default_branch":"main"}}`,
			want: ci.Plan{System: ci.GitHub, Event: "push", Base: "origin/main", Head: shaB,
				Reason: "new branch feature; scanning the pushed commits that are not on the default branch main"},
		},
		{
			name:  "github force push",
			env:   ghEnv("push"),
			event: `{"before":"` + shaA + `","after":"` + shaB + `","forced":true,"repository":{"default_branch":"main"}}`,
			want: ci.Plan{System: ci.GitHub, Event: "push", Base: shaA, Head: shaB, Fallback: "origin/main",
				Reason: "force push to feature"},
		},
		{
			name:  "github before missing",
			env:   ghEnv("push"),
			event: `{"after":"` + shaB + `","repository":{"default_branch":"main"}}`,
			want: ci.Plan{System: ci.GitHub, Event: "push", Base: "origin/main", Head: shaB,
				Reason: "new branch feature; scanning the pushed commits that are not on the default branch main"},
		},
		{
			name: "github new default branch",
			env: func() map[string]string {
				e := ghEnv("push")
				e["GITHUB_REF_NAME"] = "main"
				return e
			}(),
			event: `{"before":"` + zeros + `","after":"` + shaB + `","repository":{"default_branch":"main"}}`,
			want: ci.Plan{System: ci.GitHub, Event: "push", Head: shaB,
				Reason: "new branch main; scanning every commit reachable from the pushed commit"},
		},
		{
			name:    "github bad event",
			env:     ghEnv("push"),
			event:   `{`,
			wantErr: "parsing the GitHub event",
		},
		{
			name: "gitlab merge request",
			env: map[string]string{"GITLAB_CI": "true", "CI_PIPELINE_SOURCE": "merge_request_event", "CI_COMMIT_SHA": shaB,
				"CI_MERGE_REQUEST_DIFF_BASE_SHA": shaA, "CI_MERGE_REQUEST_IID": "7",
				"CI_MERGE_REQUEST_SOURCE_BRANCH_NAME": "feature", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
				"CI_COMMIT_BEFORE_SHA": zeros},
			want: ci.Plan{System: ci.GitLab, Event: "merge_request_event", Base: shaA, Head: shaB,
				Reason: "merge request !7 from feature into main"},
		},
		{
			name: "gitlab merge request without its iid",
			env: map[string]string{"GITLAB_CI": "true", "CI_PIPELINE_SOURCE": "merge_request_event", "CI_COMMIT_SHA": shaB,
				"CI_MERGE_REQUEST_DIFF_BASE_SHA": shaA, "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main"},
			want: ci.Plan{System: ci.GitLab, Event: "merge_request_event", Base: shaA, Head: shaB,
				Reason: "merge request into main"},
		},
		{
			name: "gitlab merge request without its diff base",
			env: map[string]string{"GITLAB_CI": "true", "CI_PIPELINE_SOURCE": "merge_request_event", "CI_COMMIT_SHA": shaB,
				"CI_MERGE_REQUEST_IID": "7", "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME": "feature",
				"CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "release", "CI_DEFAULT_BRANCH": "main", "CI_COMMIT_BEFORE_SHA": zeros},
			want: ci.Plan{System: ci.GitLab, Event: "merge_request_event", Base: "origin/release", Head: shaB,
				Reason: "merge request !7 from feature into release: CI_MERGE_REQUEST_DIFF_BASE_SHA is not set; scanning the commits that are not on release"},
		},
		{
			name: "gitlab push",
			env: map[string]string{"GITLAB_CI": "true", "CI_PIPELINE_SOURCE": "push", "CI_COMMIT_SHA": shaB,
				"CI_COMMIT_BEFORE_SHA": shaA, "CI_COMMIT_BRANCH": "feature", "CI_DEFAULT_BRANCH": "main"},
			want: ci.Plan{System: ci.GitLab, Event: "push", Base: shaA, Head: shaB, Fallback: "origin/main",
				Reason: "push to feature"},
		},
		{
			name: "gitlab new branch",
			env: map[string]string{"GITLAB_CI": "true", "CI_PIPELINE_SOURCE": "push", "CI_COMMIT_SHA": shaB,
				"CI_COMMIT_BEFORE_SHA": zeros, "CI_COMMIT_BRANCH": "feature", "CI_DEFAULT_BRANCH": "main"},
			want: ci.Plan{System: ci.GitLab, Event: "push", Base: "origin/main", Head: shaB,
				Reason: "new branch feature (no CI_COMMIT_BEFORE_SHA); scanning the pushed commits that are not on the default branch main"},
		},
		{
			name:      "plain range",
			env:       map[string]string{},
			rangeFlag: "main..topic",
			want:      ci.Plan{System: ci.Local, Event: "range", Base: "main", Head: "topic", Reason: "--range main..topic"},
		},
		{
			name:      "range wins in CI",
			env:       ghEnv("push"),
			rangeFlag: "v1.0..",
			want:      ci.Plan{System: ci.GitHub, Event: "range", Base: "v1.0", Head: "HEAD", Reason: "--range v1.0.."},
		},
		{
			name:      "bad range",
			env:       map[string]string{},
			rangeFlag: "main",
			wantErr:   "want BASE..HEAD",
		},
		{
			name:    "nowhere",
			env:     map[string]string{},
			wantErr: ci.ErrNoCI.Error(),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ci.Detect(ci.MapEnv(tt.env), files(map[string]string{"/ev.json": tt.event}), tt.rangeFlag)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("plan (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNoCIIsSentinel(t *testing.T) {
	_, err := ci.Detect(ci.MapEnv(nil), files(nil), "")
	if !errors.Is(err, ci.ErrNoCI) {
		t.Errorf("err = %v, want ErrNoCI", err)
	}
}

func TestPlanString(t *testing.T) {
	tests := []struct {
		name string
		plan ci.Plan
		want string
	}{
		{name: "shas", plan: ci.Plan{Base: shaA, Head: shaB}, want: "aaaaaaaaaaaa..bbbbbbbbbbbb"},
		{name: "refs", plan: ci.Plan{Base: "origin/main", Head: "HEAD"}, want: "origin/main..HEAD"},
		{name: "no base", plan: ci.Plan{Head: shaB}, want: "all commits reachable from bbbbbbbbbbbb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.plan.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}
