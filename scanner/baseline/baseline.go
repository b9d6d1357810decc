// Package baseline records accepted findings by fingerprint, never by key, so later runs
// report only what is new. The file is sorted and has no timestamps, so it diffs well in review.
package baseline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"

	"github.com/keylint/keylint/internal/controlfile"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/report"
	"github.com/keylint/keylint/scanner/rules"
)

// DefaultPath is where keylint baseline writes when no --output is given.
const DefaultPath = ".keylint-baseline.json"

// Version is the file format's version.
const Version = 1

// File is a baseline as stored.
type File struct {
	Version  int     `json:"version"`
	Findings []Entry `json:"findings"`
}

// Entry is one accepted finding.
type Entry struct {
	// Fingerprint is scanner.Finding.Fingerprint: rule, path and a hash of the key.
	// Path is the path with any key in it redacted.
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	Path        string `json:"path"`
	// SecretHash is scanner.Finding.SecretHash, a SHA-256 of the key, so the entry survives moves and renames.
	SecretHash string `json:"secretHash"`
	// Commit is the first commit the finding was seen in, for findings from git history.
	Commit string `json:"commit,omitempty"`
}

// New records findings, one entry per fingerprint, keeping the earliest commit.
func New(fs []scanner.Finding) *File {
	byFP := map[string]Entry{}
	dates := map[string]int64{}
	for i := range fs {
		f := &fs[i]
		e := Entry{Fingerprint: f.Fingerprint(), Rule: f.RuleID, Path: rules.RedactMessage(f.Location.Display()), SecretHash: f.SecretHash()}
		var when int64
		if c := f.Location.Commit; c != nil {
			e.Commit, when = c.SHA, c.Date.Unix()
		}
		if old, seen := byFP[e.Fingerprint]; seen && !earlier(e.Commit, when, old.Commit, dates[e.Fingerprint]) {
			continue
		}
		byFP[e.Fingerprint], dates[e.Fingerprint] = e, when
	}
	out := &File{Version: Version, Findings: make([]Entry, 0, len(byFP))}
	for _, e := range byFP {
		out.Findings = append(out.Findings, e)
	}
	sort.Slice(out.Findings, func(i, j int) bool {
		a, b := out.Findings[i], out.Findings[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Fingerprint < b.Fingerprint
	})
	return out
}

// earlier reports whether commit a (at time ta) should replace b as the first commit of a finding.
func earlier(a string, ta int64, b string, tb int64) bool {
	switch {
	case a == "":
		return false
	case b == "":
		return true
	case ta != tb:
		return ta < tb
	}
	return a < b
}

// Marshal is the file's stable text: indented JSON ending in a newline.
func (b *File) Marshal() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(b); err != nil {
		return nil, fmt.Errorf("encoding the baseline: %w", err)
	}
	return buf.Bytes(), nil
}

// Parse reads a baseline, rejecting anything that is not one.
func Parse(data []byte) (*File, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var b File
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("not a keylint baseline: %w", err)
	}
	if b.Version != Version {
		return nil, fmt.Errorf("baseline version %d, want %d", b.Version, Version)
	}
	for i, e := range b.Findings {
		if e.Fingerprint == "" && (e.Rule == "" || e.SecretHash == "") {
			return nil, fmt.Errorf("baseline entry %d has neither a fingerprint nor a rule and secretHash", i+1)
		}
	}
	return &b, nil
}

// MaxSize is the largest baseline read: 32 MiB, some 130,000 findings. Decoding takes
// about five times the file's size in memory, so a larger file is refused, not read.
const MaxSize = 32 << 20

// Load reads and parses the baseline at path: a regular file (a link to one is followed)
// of at most MaxSize bytes.
func Load(path string) (*File, error) {
	b, _, err := Read(path)
	return b, err
}

// Read is Load that also returns the file's bytes, for a caller that compares them with
// another version's without reading the file again.
func Read(path string) (*File, []byte, error) {
	data, err := controlfile.Read(path, controlfile.Options{Limit: MaxSize, Follow: true})
	if err != nil {
		return nil, nil, fmt.Errorf("reading the baseline: %w", err)
	}
	b, err := Parse(data)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, data, nil
}

// Matcher answers whether a finding is in a baseline.
type Matcher struct {
	fps  map[string]bool
	keys map[string]bool
}

// Matcher indexes the baseline for Contains.
func (b *File) Matcher() *Matcher {
	m := &Matcher{fps: map[string]bool{}, keys: map[string]bool{}}
	for _, e := range b.Findings {
		if e.Fingerprint != "" {
			m.fps[e.Fingerprint] = true
		}
		if e.Rule != "" && e.SecretHash != "" {
			m.keys[e.Rule+"\x00"+e.SecretHash] = true
		}
	}
	return m
}

// Contains reports whether f was accepted: the same fingerprint, or the same rule and key
// anywhere (a moved line or a renamed file); a finding with no key matches by fingerprint only.
func (m *Matcher) Contains(f *scanner.Finding) bool {
	return m.fps[f.Fingerprint()] || f.Secret != "" && m.keys[f.RuleID+"\x00"+f.SecretHash()]
}

// Filter returns the findings not in the baseline, reusing fs's storage.
func (m *Matcher) Filter(fs []scanner.Finding) []scanner.Finding {
	out := fs[:0]
	for _, f := range fs {
		if !m.Contains(&f) {
			out = append(out, f)
		}
	}
	return out
}

// Reporter writes a run's findings as a baseline file, so every scanning command can make one.
type Reporter struct{}

// Report writes the baseline of run's findings.
func (Reporter) Report(w io.Writer, run *report.Run) error {
	data, err := New(run.Findings).Marshal()
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}
