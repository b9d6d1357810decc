package report

import (
	"encoding/json"
	"io"
	"time"
)

// JSON is the report for tools: an array of findings, keys redacted.
type JSON struct{}

type jsonFinding struct {
	Repo        string        `json:"repo,omitempty"`
	Rule        string        `json:"rule"`
	Description string        `json:"description"`
	Severity    string        `json:"severity"`
	Path        string        `json:"path"`
	Member      string        `json:"member,omitempty"`
	Line        int           `json:"line"`
	Column      int           `json:"column"`
	EndLine     int           `json:"endLine"`
	EndColumn   int           `json:"endColumn"`
	Secret      string        `json:"secret"`
	Encoding    string        `json:"encoding,omitempty"`
	Fingerprint string        `json:"fingerprint"`
	Context     string        `json:"context,omitempty"`
	Advice      string        `json:"advice"`
	Commit      *jsonCommit   `json:"commit,omitempty"`
	Related     []jsonRelated `json:"related,omitempty"`
	// Verification is set with --verify.
	Verification *jsonVerification `json:"verification,omitempty"`
	KeyHash      string            `json:"keyHash,omitempty"`
	Places       []Place           `json:"places,omitempty"`
}

type jsonCommit struct {
	SHA         string    `json:"sha"`
	Author      string    `json:"author"`
	Email       string    `json:"email"`
	Date        time.Time `json:"date"`
	StillInHead bool      `json:"stillInHead"`
}

type jsonRelated struct {
	Path    string `json:"path"`
	Line    int    `json:"line"`
	Column  int    `json:"column,omitempty"`
	Message string `json:"message,omitempty"`
}

// Report writes the findings as a JSON array; in a report of several repositories each entry
// also names its repository and key hash, and lists the key's other places.
func (JSON) Report(w io.Writer, run *Run) error {
	fs, places := run.grouped()
	out := make([]jsonFinding, 0, len(fs))
	for _, orig := range fs {
		f := run.shown(orig)
		jf := jsonFinding{
			Rule: f.RuleID, Description: run.message(f), Severity: string(f.Severity),
			Path: f.Location.Path, Member: f.Location.Member,
			Line: f.Line, Column: f.Column, EndLine: f.EndLine, EndColumn: f.EndColumn,
			Secret: run.secretOf(f), Encoding: f.Encoding, Fingerprint: orig.Fingerprint(),
			Context: f.Context, Advice: adviceFor(f), Verification: verificationOf(f),
		}
		if c := f.Location.Commit; c != nil {
			jf.Commit = &jsonCommit{SHA: c.SHA, Author: c.Author, Email: c.Email, Date: jsonTime(c.Date), StillInHead: c.StillInHead}
		}
		for _, r := range f.Related {
			jf.Related = append(jf.Related, jsonRelated(r))
		}
		if len(run.Repos) > 0 {
			jf.Repo, jf.KeyHash, jf.Places = f.Location.Repo, keyHash(orig), run.placesOf(places, orig)
		}
		out = append(out, jf)
	}
	return writeJSON(w, out)
}

func writeJSON(w io.Writer, out any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// jsonTime returns t as encoding/json can write it, which a commit's claimed date need not
// be: an offset of a day or more ("+9999") is written in UTC, and a year outside 0-9999 as
// the zero time, so that one odd commit cannot cost the whole report.
func jsonTime(t time.Time) time.Time {
	if _, off := t.Zone(); off <= -24*60*60 || off >= 24*60*60 {
		t = t.UTC()
	}
	if y := t.Year(); y < 0 || y > 9999 {
		return time.Time{}
	}
	return t
}
