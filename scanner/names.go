package scanner

import (
	"strings"

	"github.com/keylint/keylint/scanner/rules"
	"github.com/keylint/keylint/scanner/source"
)

// NameFindings returns a finding for each key in the names of a path (its folders and the
// file): a key in a file name is published wherever the file is. Each stands at the path up
// to the name that holds the key, at line 0 (the name, not a line of content), so that the
// files of one folder named with a key make one finding.
func (s *Scanner) NameFindings(loc source.Location) []Finding {
	var out []Finding
	for _, m := range s.rules.FindInText(loc.Path) {
		at := loc
		at.Path = loc.Path[:nameEnd(loc.Path, m.End)]
		out = append(out, nameFinding(m, at, "file name"))
	}
	return out
}

// memberNameFindings is NameFindings for the name of an archive member inside loc.
func (s *Scanner) memberNameFindings(loc source.Location, name string) []Finding {
	var out []Finding
	for _, m := range s.rules.FindInText(name) {
		at := loc
		at.Member = joinMember(loc.Member, name[:nameEnd(name, m.End)])
		out = append(out, nameFinding(m, at, "archive member name"))
	}
	return out
}

// nameEnd is the end of the slash-separated name that holds byte end-1 of p.
func nameEnd(p string, end int) int {
	if i := strings.IndexByte(p[end:], '/'); i >= 0 {
		return end + i
	}
	return len(p)
}

func nameFinding(m rules.Match, loc source.Location, where string) Finding {
	return Finding{
		RuleID: m.Rule.ID, Rule: m.Rule, Location: loc, Secret: m.Key, Severity: m.Rule.Severity,
		Message: m.Rule.Description + " " + rules.Redact(m.Key) + " in a " + where +
			": a key in a name is published wherever the name goes; rename it and rotate the key",
	}
}

// NameSeen remembers the name findings already reported in a run, which every file of a
// folder named with a key would report again.
type NameSeen map[string]bool

// Fresh reports whether f is not a name finding already seen, and remembers it.
func (n NameSeen) Fresh(f *Finding) bool {
	if f.Line != 0 {
		return true
	}
	fp := f.Fingerprint()
	if n[fp] {
		return false
	}
	n[fp] = true
	return true
}

// PersonFindings returns a finding for each key in a commit's author name or e-mail address,
// placed at loc (a path the commit changed) at line 0.
func (s *Scanner) PersonFindings(loc source.Location, name, email string) []Finding {
	var out []Finding
	for _, m := range s.rules.FindInText(name + " <" + email + ">") {
		out = append(out, nameFinding(m, loc, "commit's author name or e-mail"))
	}
	return out
}
