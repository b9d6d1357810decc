// Package report formats findings: text for people, JSON for tools, SARIF for code
// scanning. Every format shows findings through one redacted view (shown.go), built on the one
// redaction in scanner/rules, so no format can print a key by accident.
package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/rules"
)

// Run is everything a report needs about one scan.
type Run struct {
	Findings []scanner.Finding
	Rules    []*rules.Rule
	// Version is keylint's version, for the tool section of machine formats.
	Version string
	// BaseDir is the absolute folder that relative paths are relative to.
	BaseDir string
	// ShowSecrets prints keys whole instead of redacted.
	ShowSecrets bool
	// Keys finds the keys to redact in names and snippets (the configured rules); nil means the built-in rules.
	Keys *rules.Set
	// Color marks up text output for a terminal.
	Color bool
	// Repos lists the repositories (their URIs) of a scan of several, sorted; when set, findings
	// carry their repository and the findings of one key (rule and key hash) are one entry with
	// all its places.
	Repos []string
}

// Reporter writes one format.
type Reporter interface {
	Report(w io.Writer, run *Run) error
}

// Formats lists the format names New accepts.
func Formats() []string { return []string{"text", "json", "sarif"} }

// New returns the reporter for a format name.
func New(format string) (Reporter, error) {
	switch format {
	case "text":
		return Text{}, nil
	case "json":
		return JSON{}, nil
	case "sarif":
		return SARIF{}, nil
	}
	return nil, fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats(), ", "))
}

// Sort orders findings by repository, path, member, line, column, rule and commit, for stable reports.
func Sort(fs []scanner.Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := &fs[i], &fs[j]
		if a.Location.Repo != b.Location.Repo {
			return a.Location.Repo < b.Location.Repo
		}
		if a.Location.Path != b.Location.Path {
			return a.Location.Path < b.Location.Path
		}
		if a.Location.Member != b.Location.Member {
			return a.Location.Member < b.Location.Member
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		if a.RuleID != b.RuleID {
			return a.RuleID < b.RuleID
		}
		return commitSHA(a) < commitSHA(b)
	})
}

func commitSHA(f *scanner.Finding) string {
	if f.Location.Commit == nil {
		return ""
	}
	return f.Location.Commit.SHA
}

// secretOf is the key as a report may show it.
func (r *Run) secretOf(f *scanner.Finding) string {
	if r.ShowSecrets {
		return f.Secret
	}
	return rules.Redact(f.Secret)
}

// message is the one-line description of a finding, which must come from shown.
func (r *Run) message(f *scanner.Finding) string {
	if f.Message != "" {
		return f.Message
	}
	msg := f.Description() + " " + r.secretOf(f)
	if f.Encoding != "" {
		msg += " (" + f.Encoding + " encoded)"
	}
	if f.Location.Member != "" {
		msg += " in archive member " + f.Location.Member
	}
	return msg
}
