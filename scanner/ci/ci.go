// Package ci works out, from a CI system's environment and event, which commits a run
// should scan. It reads nothing itself: the caller passes the environment and a file reader.
package ci

import (
	"errors"

	"github.com/keylint/keylint/scanner/gitrepo"
)

// System names a CI service.
type System string

// The systems Detect knows.
const (
	GitHub System = "github"
	GitLab System = "gitlab"
	Local  System = "local"
)

// Env looks up an environment variable, as os.LookupEnv does.
type Env func(name string) (string, bool)

// MapEnv is an Env over a map, for tests and callers that build the environment.
func MapEnv(m map[string]string) Env {
	return func(name string) (string, bool) {
		v, ok := m[name]
		return v, ok
	}
}

// Plan is the range a CI run scans and why.
type Plan struct {
	System System
	// Event is what triggered the run: "pull_request", "push", "merge_request_event", ...
	Event string
	// Base and Head are revisions: the run scans the commits reachable from Head and not from Base.
	// Base is "" for "every commit reachable from Head".
	Base, Head string
	// Fallback, when set, is the Base to use instead if Base is not in the clone
	// (a force push whose old tip was never fetched).
	Fallback string
	// Reason says in words why this range was chosen.
	Reason string
}

// Range is the plan as history's "BASE..HEAD", or "" when there is no base.
func (p Plan) Range() string {
	if p.Base == "" {
		return ""
	}
	return p.Base + ".." + p.Head
}

// String is the range as people read it.
func (p Plan) String() string {
	if p.Base == "" {
		return "all commits reachable from " + gitrepo.ShortSHA(p.Head)
	}
	return gitrepo.ShortSHA(p.Base) + ".." + gitrepo.ShortSHA(p.Head)
}

// ErrNoCI is returned when neither a CI system nor an explicit range says what to scan.
var ErrNoCI = errors.New("no CI system detected (GITHUB_ACTIONS or GITLAB_CI) and no --range given")

// Detect picks the range. An explicit rangeFlag ("BASE..HEAD") wins everywhere;
// otherwise GitHub Actions, then GitLab CI, are read from env.
func Detect(env Env, readFile func(string) ([]byte, error), rangeFlag string) (Plan, error) {
	if rangeFlag != "" {
		base, head, err := gitrepo.ParseRange("--range", rangeFlag)
		if err != nil {
			return Plan{}, err
		}
		sys := Local
		if v, _ := env("GITHUB_ACTIONS"); v == "true" {
			sys = GitHub
		} else if v, _ := env("GITLAB_CI"); v == "true" {
			sys = GitLab
		}
		return Plan{System: sys, Event: "range", Base: base, Head: head, Reason: "--range " + rangeFlag}, nil
	}
	if v, _ := env("GITHUB_ACTIONS"); v == "true" {
		return github(env, readFile)
	}
	if v, _ := env("GITLAB_CI"); v == "true" {
		return gitlab(env)
	}
	return Plan{}, ErrNoCI
}

// newBranch is the plan for pushed commits with no usable old tip: the commits not on the
// default branch, or, on the default branch itself, everything reachable from head.
func newBranch(p Plan, head, branch, defaultBranch, why string) Plan {
	p.Head = head
	if defaultBranch == "" || branch == defaultBranch {
		p.Base = ""
		p.Reason = why + "; scanning every commit reachable from the pushed commit"
		if defaultBranch == "" {
			p.Reason = why + " and the default branch is unknown; scanning every commit reachable from the pushed commit"
		}
		return p
	}
	p.Base = "origin/" + defaultBranch
	p.Reason = why + "; scanning the pushed commits that are not on the default branch " + defaultBranch
	return p
}
