package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/rules"
	"github.com/keylint/keylint/scanner/source"
)

// Recorded is a finding read back from a JSON report.
type Recorded struct {
	// Finding holds what the report recorded; its Secret is the key only when the
	// report was written with --show-secrets, and "" otherwise.
	Finding scanner.Finding
	// Redacted is the key as the report showed it.
	Redacted string
	// Fingerprint is the report's fingerprint of the finding.
	Fingerprint string
}

// ReadJSON parses a report written by the JSON reporter. A report's descriptions may
// hold its keys (with --show-secrets): they are kept only redacted.
func ReadJSON(data []byte, set *rules.Set) ([]Recorded, error) {
	var in []jsonFinding
	if err := json.Unmarshal(data, &in); err != nil {
		return nil, fmt.Errorf("not a keylint JSON report: %w", err)
	}
	out := make([]Recorded, 0, len(in))
	for i, jf := range in {
		if jf.Rule == "" || jf.Path == "" {
			return nil, errors.New("not a keylint JSON report: finding " + fmt.Sprint(i+1) + " has no rule or path")
		}
		f := scanner.Finding{
			RuleID: jf.Rule, Location: source.Location{Path: jf.Path, Member: jf.Member},
			Line: jf.Line, Column: jf.Column, EndLine: jf.EndLine, EndColumn: jf.EndColumn,
			Encoding: jf.Encoding, Severity: rules.Severity(jf.Severity), Context: jf.Context,
		}
		if r, ok := set.Rule(jf.Rule); ok {
			f.Rule = r
		} else {
			f.Message = jf.Description
		}
		if jf.Secret != "" && !strings.Contains(jf.Secret, "…") {
			f.Secret = jf.Secret
			f.Message = strings.ReplaceAll(f.Message, jf.Secret, rules.Redact(jf.Secret))
		}
		if c := jf.Commit; c != nil {
			f.Location.Commit = &source.Commit{SHA: c.SHA, Author: c.Author, Email: c.Email, Date: c.Date, StillInHead: c.StillInHead}
		}
		for _, r := range jf.Related {
			f.Related = append(f.Related, scanner.Related(r))
		}
		red := jf.Secret
		if f.Secret != "" {
			red = rules.Redact(f.Secret)
		}
		out = append(out, Recorded{Finding: f, Redacted: red, Fingerprint: jf.Fingerprint})
	}
	return out, nil
}
