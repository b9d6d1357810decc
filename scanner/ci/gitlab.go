package ci

import "errors"

// gitlab plans a GitLab CI job from its predefined variables.
func gitlab(env Env) (Plan, error) {
	get := func(k string) string { v, _ := env(k); return v }
	p := Plan{System: GitLab, Event: get("CI_PIPELINE_SOURCE")}
	head := get("CI_COMMIT_SHA")
	if zero(head) {
		return Plan{}, errors.New("CI_COMMIT_SHA is not set")
	}
	if base := get("CI_MERGE_REQUEST_DIFF_BASE_SHA"); !zero(base) {
		p.Base, p.Head = base, head
		p.Reason = "merge request !" + get("CI_MERGE_REQUEST_IID") + " from " +
			get("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME") + " into " + get("CI_MERGE_REQUEST_TARGET_BRANCH_NAME")
		return p, nil
	}
	branch, def := get("CI_COMMIT_BRANCH"), get("CI_DEFAULT_BRANCH")
	if before := get("CI_COMMIT_BEFORE_SHA"); !zero(before) {
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
