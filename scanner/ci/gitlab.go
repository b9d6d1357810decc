package ci

import (
	"errors"

	"github.com/keylint/keylint/scanner/gitrepo"
)

// gitlab plans a GitLab CI job from its predefined variables.
func gitlab(env Env) (Plan, error) {
	get := func(k string) string { v, _ := env(k); return v }
	p := Plan{System: GitLab, Event: get("CI_PIPELINE_SOURCE")}
	head := get("CI_COMMIT_SHA")
	if gitrepo.NoCommit(head) {
		return Plan{}, errors.New("CI_COMMIT_SHA is not set")
	}
	mr := mergeRequest(get)
	if base := get("CI_MERGE_REQUEST_DIFF_BASE_SHA"); !gitrepo.NoCommit(base) {
		p.Base, p.Head = base, head
		p.Reason = mr
		return p, nil
	}
	if p.Event == "merge_request_event" || get("CI_MERGE_REQUEST_IID") != "" {
		// A merge request pipeline without its diff base (an old GitLab, or a job that does not get it).
		target := get("CI_MERGE_REQUEST_TARGET_BRANCH_NAME")
		if target == "" {
			target = get("CI_DEFAULT_BRANCH")
		}
		p.Head = head
		if target == "" {
			p.Reason = mr + ": CI_MERGE_REQUEST_DIFF_BASE_SHA and the target branch are not set; scanning every commit reachable from the merge request's head"
			return p, nil
		}
		p.Base = "origin/" + target
		p.Reason = mr + ": CI_MERGE_REQUEST_DIFF_BASE_SHA is not set; scanning the commits that are not on " + target
		return p, nil
	}
	branch, def := get("CI_COMMIT_BRANCH"), get("CI_DEFAULT_BRANCH")
	if before := get("CI_COMMIT_BEFORE_SHA"); !gitrepo.NoCommit(before) {
		p.Base, p.Head = before, head
		p.Reason = "push to " + branch
		if fb := newBranch(p, head, branch, def, ""); fb.Base != "" {
			p.Fallback = fb.Base
		}
		return p, nil
	}
	if branch == "" {
		branch = get("CI_COMMIT_REF_NAME")
	}
	return newBranch(p, head, branch, def, "new branch "+branch+" (no CI_COMMIT_BEFORE_SHA)"), nil
}

// mergeRequest names a merge request from what its pipeline knows: "merge request !7 from
// feature into main", leaving out what is not set.
func mergeRequest(get func(string) string) string {
	s := "merge request"
	if id := get("CI_MERGE_REQUEST_IID"); id != "" {
		s += " !" + id
	}
	if src := get("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"); src != "" {
		s += " from " + src
	}
	if dst := get("CI_MERGE_REQUEST_TARGET_BRANCH_NAME"); dst != "" {
		s += " into " + dst
	}
	return s
}
