package envfile

import (
	"fmt"
	"path/filepath"
	"sync"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/gitrepo"
	"github.com/keylint/keylint/scanner/rules"
	"github.com/keylint/keylint/scanner/source"
)

// Check is the scanner check for .env-style files: keys assigned to public build-time
// variables (public-env-key), files with keys that git tracks (committed-env-file) or
// does not ignore (env-not-ignored). Keys in ignored, untracked .env files are the
// recommended pattern and are dropped, unless the file was named or NoIgnore is set.
type Check struct {
	// NoIgnore keeps every key of ignored .env files, as keylint scan --no-ignore asks.
	NoIgnore bool
	// Named are the paths named on the command line, as displayed; their keys are always kept.
	Named []string

	repos *repoCache
}

// NewCheck returns a Check; named are the paths given to the scan.
func NewCheck(noIgnore bool, named []string) *Check {
	shown := make([]string, len(named))
	for i, n := range named {
		shown[i] = source.DisplayPath(n)
	}
	return &Check{NoIgnore: noIgnore, Named: shown, repos: &repoCache{m: map[string]*Repo{}}}
}

// Applies reports whether loc is a .env-style file.
func (c *Check) Applies(loc source.Location) bool {
	name := loc.Path
	if loc.Member != "" {
		name = loc.Member
	}
	return IsEnvFile(name)
}

// Check adds the findings about the file's variables and git state to its keys.
func (c *Check) Check(loc source.Location, data []byte, found []scanner.Finding) []scanner.Finding {
	if len(found) == 0 {
		return found
	}
	byLine := map[int]Var{}
	for _, v := range Parse(data) {
		byLine[v.Line] = v
	}
	var public []scanner.Finding
	publicLine := map[int]bool{}
	for _, f := range found {
		v, ok := byLine[f.Line]
		if !ok || f.Secret == "" {
			continue
		}
		if p, ok := PublicPrefix(v.Name); ok {
			public = append(public, publicFinding(f, v.Name, p))
			publicLine[f.Line] = true
		}
	}
	first := found[0]
	for _, f := range found[1:] {
		if f.Line < first.Line {
			first = f
		}
	}
	out := append(found, public...)
	if loc.Blob != "" || loc.Member != "" || loc.Path == "-" || IsExample(loc.Path) {
		return out // git history: see Introduced, which runs once commits are known
	}
	repo := c.repos.get(loc.Path)
	if repo == nil {
		return out
	}
	switch {
	case repo.Tracked(loc.Path):
		out = append(out, fileFinding(first, rules.CommittedEnvFile,
			loc.Path+" holds a key and is tracked by git: ignoring it is not enough; git rm --cached it, rotate the key and scrub it from history"))
	case repo.Ignored(loc.Path, false):
		if c.NoIgnore || c.named(loc.Path) {
			return out
		}
		kept := out[:0]
		for _, f := range out {
			if publicLine[f.Line] {
				kept = append(kept, f)
			}
		}
		return kept
	default:
		out = append(out, fileFinding(first, rules.EnvNotIgnored,
			loc.Path+" holds a key and is not ignored by git: the next git add . commits it"))
	}
	return out
}

func (c *Check) named(p string) bool {
	for _, n := range c.Named {
		if n == p {
			return true
		}
	}
	return false
}

// publicFinding reports a key assigned to a variable the bundler inlines into the client.
func publicFinding(f scanner.Finding, name string, p Public) scanner.Finding {
	env := KeyVar(name)
	if env == "" && f.Rule != nil {
		env = f.Rule.EnvVar
	}
	f.RuleID = rules.PublicEnvKey
	f.Rule = Descriptor(rules.PublicEnvKey, env)
	f.Severity = rules.SeverityError
	f.Message = fmt.Sprintf("%s has the public prefix %s: %s inlines it into the client bundle, where every visitor can read the key; "+
		"call the provider from a server route or proxy that reads %s instead", name, p.Prefix, p.Tool, orDefault(env, "the key"))
	return f
}

// Introduced adds, to the keys a commit brought into a .env-style file, one committed-env-file
// finding at the first of them.
func (c *Check) Introduced(loc source.Location, found []scanner.Finding) []scanner.Finding {
	if loc.Commit == nil || loc.Member != "" || IsExample(loc.Path) {
		return found
	}
	first := -1
	for i, f := range found {
		if f.Secret != "" && f.Location.Member == "" && (first < 0 || f.Line < found[first].Line) {
			first = i
		}
	}
	if first < 0 {
		return found
	}
	return append(found, fileFinding(found[first], rules.CommittedEnvFile,
		fmt.Sprintf("%s holds a key and was committed to git in %s", loc.Path, gitrepo.ShortSHA(loc.Commit.SHA))))
}

// fileFinding reports the file as a whole, at its first key, without the key itself.
func fileFinding(first scanner.Finding, id, msg string) scanner.Finding {
	env := ""
	if first.Rule != nil {
		env = first.Rule.EnvVar
	}
	return scanner.Finding{
		RuleID: id, Rule: Descriptor(id, env), Location: first.Location,
		Line: first.Line, Column: 1, EndLine: first.Line, EndColumn: 1,
		Severity: rules.SeverityError, Message: msg,
	}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// repoCache opens each work tree once.
type repoCache struct {
	mu sync.Mutex
	m  map[string]*Repo // by work tree root; nil for none
}

func (rc *repoCache) get(p string) *Repo {
	abs, err := filepath.Abs(filepath.FromSlash(p))
	if err != nil {
		return nil
	}
	root := gitrepo.FindWorkTree(filepath.Dir(abs))
	if root == "" {
		return nil
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if r, ok := rc.m[root]; ok {
		return r
	}
	r, _ := OpenRepo(root)
	rc.m[root] = r
	return r
}

// NeedsKeys reports that the check has nothing to do in a file without keys.
func (c *Check) NeedsKeys() bool { return true }
