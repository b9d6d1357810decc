package report_test

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/report"
	"github.com/keylint/keylint/scanner/rules"
	"github.com/keylint/keylint/scanner/source"
)

// keyPiece returns a piece of a key's body, eight characters or more, that text shows, or "".
func keyPiece(text string, keys ...string) string {
	for _, k := range keys {
		body := k[strings.IndexByte(k, '-')+1:]
		for i := 0; i+8 <= len(body); i++ {
			if strings.Contains(text, body[i:i+8]) {
				return body[i : i+8]
			}
		}
	}
	return ""
}

// TestNoFormatShowsAKey gives every format a finding whose snippet holds two more keys, whose
// path, archive member, related place, author, e-mail and commit message hold keys, and checks
// that none of them shows, unless ShowSecrets.
func TestNoFormatShowsAKey(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	main, left, right := testKey(r, "gp-", 40), testKey(r, "gp-", 40), testKey(r, "fastgpt-", 30)
	inPath, inMember, inAuthor, inEmail, inMessage, inRelated := testKey(r, "gp-", 40), testKey(r, "gp-", 40),
		testKey(r, "gp-", 40), testKey(r, "gpm-", 40), testKey(r, "gp-", 40), testKey(r, "gp-", 40)
	ctx := `a = "` + left + `", b = "` + main + `", c = "` + right + `"`
	rng := func(k string) scanner.Range {
		i := strings.Index(ctx, k)
		return scanner.Range{Start: i, End: i + len(k)}
	}
	set, err := rules.Compile(rules.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	gp, _ := set.Rule("gonkagate-api-key")
	f := scanner.Finding{
		RuleID: gp.ID, Rule: gp, Line: 3, Column: 20, EndLine: 3, EndColumn: 64, Secret: main, Severity: rules.SeverityError,
		Location: source.Location{Path: "keys/" + inPath + ".txt", Member: inMember + "/a.js", Commit: &source.Commit{
			SHA: "0123456789abcdef0123456789abcdef01234567", Author: "dev " + inAuthor, Email: inEmail + "@example.com",
			Message: "add " + inMessage, Date: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}},
		Context: ctx, ContextKeys: []scanner.Range{rng(left), rng(main), rng(right)},
		Related: []scanner.Related{{Path: "src/" + inRelated + ".ts", Line: 1}},
	}
	all := []string{main, left, right, inPath, inMember, inAuthor, inEmail, inMessage, inRelated}
	for _, tc := range []struct {
		name string
		rep  report.Reporter
	}{
		{"text", report.Text{}}, {"json", report.JSON{}}, {"sarif", report.SARIF{}},
		{"github annotations", report.GitHubAnnotations{}}, {"step summary", report.StepSummary{}}, {"gitlab", report.GitLab{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			run := &report.Run{Findings: []scanner.Finding{f}, Keys: set, Version: "dev", BaseDir: "/src"}
			var out bytes.Buffer
			if err := tc.rep.Report(&out, run); err != nil {
				t.Fatal(err)
			}
			if piece := keyPiece(out.String(), all...); piece != "" {
				t.Errorf("the report shows %q of a key:\n%s", piece, out.String())
			}
			if f.Location.Path != "keys/"+inPath+".txt" || f.Context != ctx {
				t.Error("the report changed the finding it was given")
			}
		})
	}
	t.Run("text with ShowSecrets shows them", func(t *testing.T) {
		var out bytes.Buffer
		run := &report.Run{Findings: []scanner.Finding{f}, Keys: set, ShowSecrets: true}
		if err := (report.Text{}).Report(&out, run); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{main, left, right, inPath, inAuthor} {
			if !strings.Contains(out.String(), k) {
				t.Errorf("--show-secrets hides a key:\n%s", out.String())
			}
		}
	})
}

// TestCutKeyHidden gives a check's finding (no key ranges) a snippet cut inside a key, too short
// to be recognised, and checks that no format shows the piece.
func TestCutKeyHidden(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	k := testKey(r, "gp-", 40)
	f := scanner.Finding{RuleID: "public-env-key", Line: 1, Column: 1, Location: source.Location{Path: "src/a.ts"},
		Context: "const k = import.meta.env.VITE_GONKAGATE_API_KEY ?? \"" + k[:20] + "…", Message: "reads a key"}
	var out bytes.Buffer
	if err := (report.JSON{}).Report(&out, &report.Run{Findings: []scanner.Finding{f}}); err != nil {
		t.Fatal(err)
	}
	if piece := keyPiece(out.String(), k); piece != "" {
		t.Errorf("the report shows %q of a key cut short:\n%s", piece, out.String())
	}
	if !strings.Contains(out.String(), `?? \"gp-…`) {
		t.Errorf("the cut key is not shown as its prefix:\n%s", out.String())
	}
}
