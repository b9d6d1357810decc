package report

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"

	"github.com/keylint/keylint/scanner"
)

// Place is one more place a key was found, in a report of several repositories.
type Place struct {
	Repo        string `json:"repo"`
	Path        string `json:"path"`
	Member      string `json:"member,omitempty"`
	Line        int    `json:"line"`
	Column      int    `json:"column"`
	Commit      string `json:"commit,omitempty"`
	Rule        string `json:"-"`
	Fingerprint string `json:"fingerprint"`
}

// placeOf is where a finding is.
func placeOf(f *scanner.Finding) Place {
	return Place{Repo: f.Location.Repo, Path: f.Location.Path, Member: f.Location.Member, Line: f.Line,
		Column: f.Column, Commit: commitSHA(f), Rule: f.RuleID, Fingerprint: f.Fingerprint()}
}

// comparePlaces orders places as Sort orders findings.
func comparePlaces(a, b Place) int {
	return cmp.Or(cmp.Compare(a.Repo, b.Repo), cmp.Compare(a.Path, b.Path), cmp.Compare(a.Member, b.Member),
		cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column), cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.Commit, b.Commit))
}

// samePlace reports whether two places are one finding seen twice (as two shard reports of one repository would).
func samePlace(a, b Place) bool {
	return a.Repo == b.Repo && a.Fingerprint == b.Fingerprint && a.Commit == b.Commit && a.Line == b.Line && a.Column == b.Column
}

// keyGroup is the identity of one key: its rule and the SHA-256 of the key; "" for a finding
// with no key (committed-env-file, public-env-key), which stands alone.
func keyGroup(f *scanner.Finding) string {
	if h := keyHash(f); h != "" {
		return f.RuleID + "\x00" + h
	}
	return ""
}

// keyHash is the SHA-256 of a finding's key that multi-repository reports carry, "" for a
// finding with no key (the hash of nothing would make all such findings one key).
func keyHash(f *scanner.Finding) string {
	if f.Secret == "" {
		return ""
	}
	return f.SecretHash()
}

// grouped returns, for sorted findings, the first finding of each key with the places of the
// others; without Repos every finding stands alone.
func (r *Run) grouped() ([]*scanner.Finding, map[*scanner.Finding][]Place) {
	out := make([]*scanner.Finding, 0, len(r.Findings))
	if len(r.Repos) == 0 {
		for i := range r.Findings {
			out = append(out, &r.Findings[i])
		}
		return out, nil
	}
	first := map[string]*scanner.Finding{}
	places := map[*scanner.Finding][]Place{}
	for i := range r.Findings {
		f := &r.Findings[i]
		k := keyGroup(f)
		if p, ok := first[k]; ok && k != "" {
			places[p] = append(places[p], placeOf(f))
			continue
		}
		first[k] = f
		out = append(out, f)
	}
	return out, places
}

// repoBase is the SARIF uriBaseId of a repository.
func repoBase(uri string) string {
	sum := sha256.Sum256([]byte(uri))
	return "REPO_" + hex.EncodeToString(sum[:6])
}

// placesOf is a finding's other places as a report shows them: paths and repositories redacted
// as the finding's own are (a key can be part of a file name).
func (r *Run) placesOf(places map[*scanner.Finding][]Place, f *scanner.Finding) []Place {
	ps := places[f]
	if r.ShowSecrets || len(ps) == 0 {
		return ps
	}
	out := make([]Place, len(ps))
	for i, p := range ps {
		p.Repo, p.Path, p.Member = r.redactText(p.Repo), r.redactText(p.Path), r.redactText(p.Member)
		out[i] = p
	}
	return out
}
