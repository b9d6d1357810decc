package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/gitrepo"
)

// GitHubAnnotations writes one workflow command per finding (::error file=…,line=…::…), which
// GitHub Actions shows on the pull request's changed lines. Keys are always redacted.
type GitHubAnnotations struct{}

// Report writes the annotations.
func (GitHubAnnotations) Report(w io.Writer, run *Run) error {
	safe := *run
	safe.ShowSecrets = false
	bw := bufio.NewWriter(w)
	for i := range safe.Findings {
		f := safe.shown(&safe.Findings[i])
		cmd := "error"
		if level(f.Severity) == "warning" {
			cmd = "warning"
		}
		props := []string{"file=" + escapeProperty(f.Location.Path)}
		if f.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", f.Line))
			if f.EndLine > 0 {
				props = append(props, fmt.Sprintf("endLine=%d", f.EndLine))
			}
			if f.Column > 0 {
				props = append(props, fmt.Sprintf("col=%d", f.Column))
				if f.EndColumn > 0 && f.EndLine == f.Line {
					props = append(props, fmt.Sprintf("endColumn=%d", f.EndColumn))
				}
			}
		}
		props = append(props, "title="+escapeProperty("keylint: "+f.Description()))
		fmt.Fprintf(bw, "::%s %s::%s\n", cmd, strings.Join(props, ","), escapeData(annotationText(&safe, f)))
	}
	return bw.Flush()
}

// annotationText is the message body: what, where in history, and the fix.
func annotationText(run *Run, f *scanner.Finding) string {
	msg := run.message(f)
	if c := f.Location.Commit; c != nil {
		msg += fmt.Sprintf(" (added in commit %s by %s)", gitrepo.ShortSHA(c.SHA), c.Author)
	}
	return msg + ". Fix: " + adviceFor(f) + "; rotate the key, it has been exposed."
}

// escapeData escapes a workflow command's message, as @actions/core does.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command's property value, as @actions/core does.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// StepSummary writes Markdown for $GITHUB_STEP_SUMMARY: a heading, what was scanned, and a
// table of findings with redacted keys.
type StepSummary struct {
	// Scope says what was scanned, e.g. "range 1a2b..3c4d (3 commits)".
	Scope string
	// Note is an extra line under the table, e.g. how many findings the baseline accepted.
	Note string
}

// Report writes the summary.
func (s StepSummary) Report(w io.Writer, run *Run) error {
	safe := *run
	safe.ShowSecrets = false
	bw := bufio.NewWriter(w)
	switch n := len(run.Findings); n {
	case 0:
		fmt.Fprintf(bw, "### keylint: no new keys\n\n")
	case 1:
		fmt.Fprintf(bw, "### keylint: 1 key found\n\n")
	default:
		fmt.Fprintf(bw, "### keylint: %d keys found\n\n", n)
	}
	if s.Scope != "" {
		fmt.Fprintf(bw, "Scanned %s.\n\n", cell(safe.redactText(s.Scope)))
	}
	if len(run.Findings) > 0 {
		fmt.Fprintf(bw, "| Where | What | Key | Commit | Fix |\n|---|---|---|---|---|\n")
		for i := range safe.Findings {
			f := safe.shown(&safe.Findings[i])
			commit := ""
			if c := f.Location.Commit; c != nil {
				commit = "`" + gitrepo.ShortSHA(c.SHA) + "` " + cell(c.Author)
			}
			fmt.Fprintf(bw, "| `%s` | %s | `%s` | %s | %s |\n", cell(position(f)), cell(f.Description()),
				cell(safe.secretOf(f)), commit, cell(adviceFor(f)))
		}
		fmt.Fprintf(bw, "\nRotate every key listed: removing it from the code does not make it secret again.\n")
	}
	if s.Note != "" {
		fmt.Fprintf(bw, "\n%s\n", cell(s.Note))
	}
	return bw.Flush()
}

// cell makes text safe inside a Markdown table cell.
func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "\r", "", "`", "'").Replace(s)
}
