package ci

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/keylint/keylint/scanner/gitrepo"
)

// githubEvent is the part of $GITHUB_EVENT_PATH keylint reads.
type githubEvent struct {
	Before      string `json:"before"`
	After       string `json:"after"`
	Ref         string `json:"ref"`
	Forced      bool   `json:"forced"`
	Created     bool   `json:"created"`
	PullRequest *struct {
		Base struct {
			SHA string `json:"sha"`
			Ref string `json:"ref"`
		} `json:"base"`
		Head struct {
			SHA string `json:"sha"`
			Ref string `json:"ref"`
		} `json:"head"`
	} `json:"pull_request"`
	Repository struct {
		DefaultBranch string `json:"default_branch"`
	} `json:"repository"`
}

// github plans a GitHub Actions run from GITHUB_EVENT_NAME and the event payload.
func github(env Env, readFile func(string) ([]byte, error)) (Plan, error) {
	name, _ := env("GITHUB_EVENT_NAME")
	p := Plan{System: GitHub, Event: name}
	var ev githubEvent
	if path, ok := env("GITHUB_EVENT_PATH"); ok && path != "" {
		data, err := readFile(path)
		if err != nil {
			return Plan{}, fmt.Errorf("reading the GitHub event (GITHUB_EVENT_PATH): %w", err)
		}
		if err := json.Unmarshal(data, &ev); err != nil {
			return Plan{}, fmt.Errorf("parsing the GitHub event %s: %w", path, err)
		}
	}
	sha, _ := env("GITHUB_SHA")
	switch {
	case ev.PullRequest != nil:
		pr := ev.PullRequest
		if pr.Base.SHA == "" || pr.Head.SHA == "" {
			return Plan{}, errors.New("the pull request event has no base or head SHA")
		}
		p.Base, p.Head = pr.Base.SHA, pr.Head.SHA
		p.Reason = "pull request from " + pr.Head.Ref + " into " + pr.Base.Ref
		return p, nil
	case name == "push":
		head := ev.After
		if gitrepo.NoCommit(head) {
			head = sha
		}
		if gitrepo.NoCommit(head) {
			return Plan{}, errors.New("the push event names no pushed commit (after, GITHUB_SHA)")
		}
		ref, _ := env("GITHUB_REF_NAME")
		if ref == "" {
			ref = strings.TrimPrefix(ev.Ref, "refs/heads/")
		}
		def := ev.Repository.DefaultBranch
		if gitrepo.NoCommit(ev.Before) {
			return newBranch(p, head, ref, def, "new branch "+ref), nil
		}
		p.Base, p.Head = ev.Before, head
		p.Reason = "push to " + ref
		if ev.Forced {
			p.Reason = "force push to " + ref
			if fb := newBranch(p, head, ref, def, ""); fb.Base != "" {
				p.Fallback = fb.Base
			}
		}
		return p, nil
	}
	if gitrepo.NoCommit(sha) {
		return Plan{}, fmt.Errorf("GitHub event %q has no range to scan; give --range BASE..HEAD", name)
	}
	ref, _ := env("GITHUB_REF_NAME")
	return newBranch(p, sha, ref, ev.Repository.DefaultBranch, "event "+name), nil
}
