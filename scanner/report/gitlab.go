package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// GitLabSchemaVersion is the version of GitLab's security report schema the report follows.
const GitLabSchemaVersion = "15.0.7"

// GitLab is GitLab's secret-detection report (gl-secret-detection-report.json), keys redacted.
type GitLab struct {
	// Start and End are when the scan ran; GitLab requires both.
	Start, End time.Time
	// Commit is the SHA findings without a commit of their own are attributed to (the scanned head).
	Commit string
}

type (
	glReport struct {
		Version         string            `json:"version"`
		Vulnerabilities []glVulnerability `json:"vulnerabilities"`
		Scan            glScan            `json:"scan"`
	}
	glVulnerability struct {
		ID          string         `json:"id"`
		Name        string         `json:"name"`
		Description string         `json:"description"`
		Severity    string         `json:"severity"`
		Solution    string         `json:"solution"`
		Identifiers []glIdentifier `json:"identifiers"`
		Location    glLocation     `json:"location"`
		RawSource   string         `json:"raw_source_code_extract,omitempty"`
	}
	glIdentifier struct {
		Type  string `json:"type"`
		Name  string `json:"name"`
		Value string `json:"value"`
		URL   string `json:"url,omitempty"`
	}
	glLocation struct {
		File      string   `json:"file"`
		StartLine int      `json:"start_line"`
		EndLine   int      `json:"end_line"`
		Commit    glCommit `json:"commit"`
	}
	glCommit struct {
		SHA     string `json:"sha"`
		Author  string `json:"author,omitempty"`
		Date    string `json:"date,omitempty"`
		Message string `json:"message,omitempty"`
	}
	glScan struct {
		Analyzer  glTool `json:"analyzer"`
		Scanner   glTool `json:"scanner"`
		Type      string `json:"type"`
		StartTime string `json:"start_time"`
		EndTime   string `json:"end_time"`
		Status    string `json:"status"`
	}
	glTool struct {
		ID      string   `json:"id"`
		Name    string   `json:"name"`
		URL     string   `json:"url,omitempty"`
		Version string   `json:"version"`
		Vendor  glVendor `json:"vendor"`
	}
	glVendor struct {
		Name string `json:"name"`
	}
)

// glTime is the schema's timestamp form: no zone, no fraction.
const glTime = "2006-01-02T15:04:05"

// Report writes the report.
func (g GitLab) Report(w io.Writer, run *Run) error {
	safe := *run
	safe.ShowSecrets = false
	tool := glTool{ID: "keylint", Name: "keylint", URL: infoURI, Version: toolVersion(run.Version), Vendor: glVendor{Name: "keylint"}}
	out := glReport{Version: GitLabSchemaVersion, Vulnerabilities: []glVulnerability{},
		Scan: glScan{Analyzer: tool, Scanner: tool, Type: "secret_detection",
			StartTime: g.Start.UTC().Format(glTime), EndTime: g.End.UTC().Format(glTime), Status: "success"}}
	for i := range safe.Findings {
		orig := &safe.Findings[i]
		f := safe.shown(orig)
		commit := glCommit{SHA: g.Commit}
		if commit.SHA == "" {
			commit.SHA = "0000000"
		}
		if c := f.Location.Commit; c != nil {
			commit = glCommit{SHA: c.SHA, Author: c.Author + " <" + c.Email + ">", Date: c.Date.UTC().Format(time.RFC3339),
				Message: firstLine(c.Message)}
		}
		line, end := max(f.Line, 1), max(f.EndLine, f.Line, 1)
		sev := "Critical"
		if level(f.Severity) == "warning" {
			sev = "High"
		}
		out.Vulnerabilities = append(out.Vulnerabilities, glVulnerability{
			ID: vulnID(orig.Fingerprint(), commit.SHA), Name: f.Description(), Description: safe.message(f),
			Severity: sev, Solution: adviceFor(f) + "; rotate the key, it has been exposed.",
			Identifiers: []glIdentifier{{Type: "keylint_rule_id", Name: "keylint rule " + f.RuleID, Value: f.RuleID,
				URL: ruleURL(f.RuleID)}},
			Location:  glLocation{File: f.Location.Path, StartLine: line, EndLine: end, Commit: commit},
			RawSource: safe.secretOf(f),
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("encoding the GitLab report: %w", err)
	}
	return nil
}

// vulnID is a stable UUID-shaped id for a finding at a commit.
func vulnID(fingerprint, commit string) string {
	sum := sha256.Sum256([]byte(fingerprint + "\x00" + commit))
	h := hex.EncodeToString(sum[:16])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

func firstLine(s string) string {
	for i, c := range s {
		if c == '\n' || c == '\r' {
			return s[:i]
		}
	}
	return s
}
