package report

import (
	"bufio"
	"fmt"
	"io"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/gitrepo"
	"github.com/keylint/keylint/scanner/rules"
)

// Text is the report for people: one block per finding.
type Text struct{}

const (
	bold  = "\x1b[1m"
	red   = "\x1b[31m"
	dim   = "\x1b[2m"
	reset = "\x1b[0m"
)

// Report writes path:line:col, the rule, the redacted key, the line, what to do instead and the fingerprint.
func (Text) Report(w io.Writer, run *Run) error {
	bw := bufio.NewWriter(w)
	paint := func(code, s string) string {
		if !run.Color {
			return s
		}
		return code + s + reset
	}
	fs, places := run.grouped()
	for _, orig := range fs {
		f := run.shown(orig)
		pos := position(f)
		if f.Location.Repo != "" {
			pos = SafePath(f.Location.Repo) + " " + pos
		}
		fmt.Fprintf(bw, "%s: %s: %s\n", paint(bold, pos), paint(red, f.RuleID), run.message(f))
		if f.Location.Commit != nil {
			c := f.Location.Commit
			head := "no longer in HEAD"
			if c.StillInHead {
				head = "still in HEAD"
			}
			fmt.Fprintf(bw, "    commit %s by %s <%s> on %s (%s)\n", c.SHA, c.Author, c.Email, c.Date.UTC().Format("2006-01-02"), head)
		}
		if line := verificationLine(f); line != "" {
			if live(f) {
				line = paint(bold+red, line)
			}
			fmt.Fprintf(bw, "    %s\n", line)
		}
		for _, rel := range f.Related {
			at := fmt.Sprintf("%s:%d", SafePath(rel.Path), rel.Line)
			if rel.Column > 0 {
				at += fmt.Sprintf(":%d", rel.Column)
			}
			fmt.Fprintf(bw, "    from %s %s\n", at, rel.Message)
		}
		if ctx := f.Context; ctx != "" {
			fmt.Fprintf(bw, "    %s\n", paint(dim, ctx))
		}
		fmt.Fprintf(bw, "    fix: %s\n", adviceFor(f))
		fmt.Fprintf(bw, "    %s\n", paint(dim, "fingerprint: "+f.Fingerprint()+" (allow: in .keylint.yaml once reviewed)"))
		if ps := run.placesOf(places, orig); len(ps) > 0 {
			fmt.Fprintf(bw, "    the same key in %d more place(s): rotate it once\n", len(ps))
			for _, p := range ps {
				at := ""
				if p.Commit != "" {
					at = " (commit " + gitrepo.ShortSHA(p.Commit) + ")"
				}
				fmt.Fprintf(bw, "      %s %s:%d:%d%s\n", SafePath(p.Repo), SafePath(p.Path), p.Line, p.Column, at)
			}
		}
	}
	return bw.Flush()
}

// position is path:line:col, or the path alone for a finding about a name (line 0).
func position(f *scanner.Finding) string {
	if f.Line == 0 {
		return SafePath(f.Location.Display())
	}
	return fmt.Sprintf("%s:%d:%d", SafePath(f.Location.Display()), f.Line, f.Column)
}

func adviceFor(f *scanner.Finding) string {
	env := ""
	if f.Rule != nil {
		env = f.Rule.EnvVar
	}
	file := f.Location.Path
	if f.Location.Member != "" {
		file = f.Location.Member
	}
	if f.RuleID == rules.PublicEnvKey || f.Public {
		return PublicAdvice(env)
	}
	return Advice(file, env, f.Location.Bundle)
}
