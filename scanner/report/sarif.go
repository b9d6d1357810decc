package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/rules"
	"github.com/keylint/keylint/scanner/source"
)

// SARIF is a SARIF 2.1.0 log that GitHub code scanning accepts.
type SARIF struct{}

// The subset of SARIF 2.1.0 keylint writes.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool               sarifTool                   `json:"tool"`
		OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
		Provenance         []sarifVersionControl       `json:"versionControlProvenance,omitempty"`
		Results            []sarifResult               `json:"results"`
		ColumnKind         string                      `json:"columnKind"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		InformationURI string      `json:"informationUri"`
		Version        string      `json:"version,omitempty"`
		SemanticVer    string      `json:"semanticVersion,omitempty"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string         `json:"id"`
		Name                 string         `json:"name"`
		HelpURI              string         `json:"helpUri"`
		ShortDescription     sarifText      `json:"shortDescription"`
		FullDescription      sarifText      `json:"fullDescription"`
		Help                 sarifHelp      `json:"help"`
		DefaultConfiguration sarifRuleConf  `json:"defaultConfiguration"`
		Properties           map[string]any `json:"properties"`
	}
	sarifRuleConf struct {
		Level string `json:"level"`
	}
	sarifText struct {
		Text string `json:"text"`
	}
	sarifHelp struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown"`
	}
	sarifResult struct {
		RuleID              string            `json:"ruleId"`
		RuleIndex           int               `json:"ruleIndex"`
		Level               string            `json:"level"`
		Message             sarifText         `json:"message"`
		Locations           []sarifLocation   `json:"locations"`
		RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
		PartialFingerprints map[string]string `json:"partialFingerprints"`
		Properties          map[string]any    `json:"properties,omitempty"`
	}
	sarifLocation struct {
		ID               int                   `json:"id,omitempty"`
		PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
		Message          *sarifText            `json:"message,omitempty"`
		Properties       map[string]any        `json:"properties,omitempty"`
	}
	sarifVersionControl struct {
		RepositoryURI string           `json:"repositoryUri"`
		MappedTo      sarifArtifactLoc `json:"mappedTo"`
	}
	sarifPhysicalLocation struct {
		ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
		Region           *sarifRegion     `json:"region,omitempty"`
	}
	sarifArtifactLoc struct {
		URI       string `json:"uri,omitempty"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifRegion struct {
		StartLine   int        `json:"startLine"`
		StartColumn int        `json:"startColumn,omitempty"`
		EndLine     int        `json:"endLine,omitempty"`
		EndColumn   int        `json:"endColumn,omitempty"`
		Snippet     *sarifText `json:"snippet,omitempty"`
	}
)

const (
	srcRoot = "SRCROOT"
	infoURI = "https://github.com/keylint/keylint"
)

// toolVersion is the version as SARIF wants it: starting with a digit ("v1.2.3" -> "1.2.3", "dev" -> "0.0.0-dev").
func toolVersion(v string) string {
	v = strings.TrimPrefix(v, "v")
	if v == "" || v[0] < '0' || v[0] > '9' {
		if v == "" {
			v = "dev"
		}
		return "0.0.0-" + v
	}
	return v
}

// ruleURL is where the README explains a rule: the anchor of a built-in or check rule, or
// for any other (a custom rule of .keylint.yaml) the paragraph on custom rules.
func ruleURL(id string) string {
	if _, ok := rules.CheckRule(id, ""); ok {
		return infoURI + "#" + id
	}
	for _, r := range rules.Builtin() {
		if r.ID == id {
			return infoURI + "#" + id
		}
	}
	return infoURI + "#custom-rules"
}

// helpMarkdown is a rule's help for GitHub's rule panel: what the key is and the fix.
func helpMarkdown(name, help string) string {
	return "**" + name + "**\n\n" + help + "\n\nFix: read the key from the environment or a secret store, " +
		"remove it from the code, and rotate it: removing it from the code does not make it secret again."
}

// Report writes one run with every rule and every finding.
func (SARIF) Report(w io.Writer, run *Run) error {
	drv := sarifDriver{Name: "keylint", InformationURI: infoURI, Version: toolVersion(run.Version), Rules: []sarifRule{}}
	if strings.Count(drv.Version, ".") >= 2 {
		drv.SemanticVer = drv.Version
	}
	index := map[string]int{}
	addRule := func(id, name, desc, help string, sev rules.Severity) int {
		if i, ok := index[id]; ok {
			return i
		}
		index[id] = len(drv.Rules)
		drv.Rules = append(drv.Rules, sarifRule{
			ID: id, Name: ruleName(id), HelpURI: ruleURL(id),
			ShortDescription:     sarifText{Text: name},
			FullDescription:      sarifText{Text: desc},
			Help:                 sarifHelp{Text: help, Markdown: helpMarkdown(name, help)},
			DefaultConfiguration: sarifRuleConf{Level: level(sev)},
			Properties: map[string]any{"tags": []string{"security", "secret"}, "precision": "very-high",
				"security-severity": securitySeverity(sev)},
		})
		return index[id]
	}
	for _, r := range run.Rules {
		full := r.Description + "."
		if len(r.Prefixes) > 0 {
			full = r.Description + " (prefix " + strings.Join(r.Prefixes, ", ") + ")."
		}
		addRule(r.ID, r.Description, full, r.Help, r.Severity)
	}
	fs, places := run.grouped()
	results := make([]sarifResult, 0, len(fs))
	for _, orig := range fs {
		f := run.shown(orig)
		desc := f.Description()
		idx := addRule(f.RuleID, desc, desc+".", adviceFor(f), f.Severity)
		res := sarifResult{
			RuleID: f.RuleID, RuleIndex: idx, Level: level(f.Severity),
			Message:   sarifText{Text: run.message(f) + ". Fix: " + adviceFor(f) + "; rotate the key."},
			Locations: []sarifLocation{{PhysicalLocation: run.physicalIn(f.Location.Repo, f.Location.Path, f.Line, f.Column, f.EndLine, f.EndColumn, f.Context)}},
			PartialFingerprints: map[string]string{
				"keylint/v1":              orig.Fingerprint(),
				"primaryLocationLineHash": lineHash(orig),
			},
		}
		props := map[string]any{}
		if f.Location.Member != "" {
			props["member"] = f.Location.Member
		}
		if f.Encoding != "" {
			props["encoding"] = f.Encoding
		}
		if c := f.Location.Commit; c != nil {
			props["commit"] = c.SHA
			props["author"] = c.Author
			props["email"] = c.Email
			props["date"] = c.Date.UTC().Format(time.RFC3339)
			props["stillInHead"] = c.StillInHead
			res.PartialFingerprints["commitSha"] = c.SHA
		}
		if v := verificationOf(f); v != nil {
			props["verification"] = v
			if live(f) {
				res.Level = "error"
				props["security-severity"] = liveSecuritySeverity
				res.Message.Text = "Live key (the provider accepts it): " + res.Message.Text
			}
		}
		if len(run.Repos) > 0 {
			props["repo"] = f.Location.Repo
			if h := keyHash(orig); h != "" {
				props["keyHash"] = h
			}
			if ps := run.placesOf(places, orig); len(ps) > 0 {
				props["places"] = ps
			}
		}
		if len(props) > 0 {
			res.Properties = props
		}
		for j, rel := range f.Related {
			loc := sarifLocation{ID: j + 1, PhysicalLocation: run.physicalIn(f.Location.Repo, rel.Path, rel.Line, rel.Column, 0, 0, "")}
			if rel.Message != "" {
				loc.Message = &sarifText{Text: rel.Message}
			}
			res.RelatedLocations = append(res.RelatedLocations, loc)
		}
		res.RelatedLocations = append(res.RelatedLocations, placeLocations(run.placesOf(places, orig), len(res.RelatedLocations))...)
		results = append(results, res)
	}
	out := sarifRun{Tool: sarifTool{Driver: drv}, Results: results, ColumnKind: "unicodeCodePoints"}
	switch {
	case len(run.Repos) > 0:
		out.OriginalURIBaseIDs, out.Provenance = repoBases(run.Repos)
	case run.BaseDir != "":
		out.OriginalURIBaseIDs = map[string]sarifArtifactLoc{srcRoot: {URI: fileURI(run.BaseDir, true)}}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{out},
	})
}

// physicalIn is physical, or in a report of several repositories a path under the repository's base id.
func (r *Run) physicalIn(repo, p string, line, col, endLine, endCol int, snippet string) sarifPhysicalLocation {
	if len(r.Repos) == 0 {
		return r.physical(p, line, col, endLine, endCol, snippet)
	}
	loc := (&Run{}).physical(p, line, col, endLine, endCol, snippet)
	loc.ArtifactLocation.URIBaseID = repoBase(repo)
	return loc
}

// placeLocations are the related locations that show a key's other places; ids follow after.
func placeLocations(ps []Place, after int) []sarifLocation {
	var out []sarifLocation
	for i, p := range ps {
		loc := sarifLocation{ID: after + i + 1, PhysicalLocation: (&Run{}).physical(p.Path, p.Line, p.Column, 0, 0, "")}
		loc.PhysicalLocation.ArtifactLocation.URIBaseID = repoBase(p.Repo)
		msg := "the same key in " + p.Repo
		if p.Commit != "" {
			msg += " at commit " + p.Commit
		}
		loc.Message = &sarifText{Text: msg}
		loc.Properties = map[string]any{"keylint/place": true}
		out = append(out, loc)
	}
	return out
}

// repoBases maps each repository to its base id and lists them as versionControlProvenance.
func repoBases(repos []string) (map[string]sarifArtifactLoc, []sarifVersionControl) {
	bases := map[string]sarifArtifactLoc{}
	var prov []sarifVersionControl
	for _, u := range repos {
		id := repoBase(u)
		bases[id] = sarifArtifactLoc{URI: strings.TrimSuffix(u, "/") + "/"}
		prov = append(prov, sarifVersionControl{RepositoryURI: u, MappedTo: sarifArtifactLoc{URIBaseID: id}})
	}
	return bases, prov
}

// physical is a location with a repo-relative URI where the path lies under BaseDir.
func (r *Run) physical(p string, line, col, endLine, endCol int, snippet string) sarifPhysicalLocation {
	loc := sarifPhysicalLocation{ArtifactLocation: r.artifact(p)}
	if line <= 0 {
		line = 1
	}
	if endLine < line {
		endLine = line
	}
	loc.Region = &sarifRegion{StartLine: line, StartColumn: col, EndLine: endLine, EndColumn: endCol}
	if col > 0 && endCol <= col && endLine == line {
		loc.Region.EndColumn = col + 1
	}
	if snippet != "" {
		loc.Region.Snippet = &sarifText{Text: snippet}
	}
	return loc
}

func (r *Run) artifact(p string) sarifArtifactLoc {
	if p == "-" {
		return sarifArtifactLoc{URI: "stdin"}
	}
	if source.IsURL(p) {
		return sarifArtifactLoc{URI: p} // a page or script as a site served it
	}
	native := filepath.FromSlash(p)
	if r.BaseDir != "" {
		abs := native
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(r.BaseDir, native)
		}
		if rel, ok := source.Within(r.BaseDir, abs); ok {
			return sarifArtifactLoc{URI: escapePath(filepath.ToSlash(rel)), URIBaseID: srcRoot}
		}
		return sarifArtifactLoc{URI: fileURI(abs, false)}
	}
	return sarifArtifactLoc{URI: escapePath(p)}
}

func escapePath(p string) string {
	return (&url.URL{Path: p}).EscapedPath()
}

// fileURI is the file: URI of an absolute path; a folder's ends in "/".
func fileURI(abs string, dir bool) string {
	p := filepath.ToSlash(abs)
	if dir && !strings.HasSuffix(p, "/") {
		p += "/"
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return "file://" + escapePath(p)
}

func level(s rules.Severity) string {
	if s == rules.SeverityWarning {
		return "warning"
	}
	return "error"
}

func securitySeverity(s rules.Severity) string {
	if s == rules.SeverityWarning {
		return "6.5"
	}
	return "9.0"
}

// ruleName turns "gonkagate-api-key" into "GonkagateApiKey", SARIF's reportingDescriptor name.
func ruleName(id string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(id, func(r rune) bool { return r == '-' || r == '_' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

// lineHash identifies the finding's line content without the key: rule, path and key hash.
func lineHash(f *scanner.Finding) string {
	sum := sha256.Sum256([]byte(f.RuleID + "\x00" + f.Location.Display() + "\x00" + f.SecretHash()))
	return hex.EncodeToString(sum[:8]) + ":1"
}
