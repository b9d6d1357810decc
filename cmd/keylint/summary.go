package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/source"
)

// scope says what a run scanned, for the summary line: "12 files (1.2 MB)" or "40 commits, 80 blobs (3.1 MB)".
type scope struct {
	what    string
	started time.Time
	config  string // the configuration file used, or ""
	// accepted counts the findings the baseline accepted (set by finish).
	accepted int
	// unread counts the paths that could not be read in full; strict is --strict.
	unread int64
	strict bool
}

// summary is the last line on standard error of scan, git and ci: what was scanned, in how
// long, with which configuration, and the findings by rule, or "no keys found"; what names
// the file written to output (report or baseline).
func summary(sc scope, shown []scanner.Finding, output, what string) string {
	var b strings.Builder
	b.WriteString("keylint: scanned ")
	b.WriteString(sc.what)
	if !sc.started.IsZero() {
		if d := time.Since(sc.started).Round(time.Millisecond); d > 0 {
			fmt.Fprintf(&b, " in %s", d)
		} else {
			b.WriteString(" in under 1ms")
		}
	}
	if sc.config != "" {
		fmt.Fprintf(&b, " with %s", quotePath(shortPath(sc.config)))
	}
	b.WriteString(": ")
	if len(shown) == 0 {
		b.WriteString("no keys found")
	} else {
		by := map[string]int{}
		for _, f := range shown {
			by[f.RuleID]++
		}
		ids := make([]string, 0, len(by))
		for id := range by {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		parts := make([]string, len(ids))
		for i, id := range ids {
			parts[i] = fmt.Sprintf("%s %d", id, by[id])
		}
		fmt.Fprintf(&b, "%d %s (%s)", len(shown), plural(len(shown), "finding", "findings"), strings.Join(parts, ", "))
	}
	if sc.accepted > 0 {
		fmt.Fprintf(&b, "; %d more accepted in the baseline", sc.accepted)
	}
	if output != "" {
		fmt.Fprintf(&b, "; %s written to %s", what, quotePath(filepath.Clean(output)))
	}
	if sc.unread > 0 {
		fmt.Fprintf(&b, "; %d %s could not be read in full (named above), keys there may be missed", sc.unread,
			plural(int(sc.unread), "path", "paths"))
		if !sc.strict {
			b.WriteString(" (--strict makes this exit status 2)")
		}
	}
	return b.String()
}

// shortPath is p relative to the current folder when it lies inside it.
func shortPath(p string) string {
	p = filepath.Clean(p)
	if wd, err := os.Getwd(); err == nil && filepath.IsAbs(p) {
		if rel, ok := source.Within(wd, p); ok {
			return rel
		}
	}
	return p
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// sizeText is a byte count for people.
func sizeText(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d B", n)
	case n < 1e6:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	case n < 1e9:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
	return fmt.Sprintf("%.2f GB", float64(n)/1e9)
}

// maxNote bounds a note on standard error, in runes.
const maxNote = 300

// noteText is an error as one line of at most maxNote runes (a longer one loses its middle): line breaks become "; ",
// and a prefix repeated by wrapping ("zip: zip: …") is said once.
func noteText(err error) string {
	msg := strings.Join(strings.Fields(strings.NewReplacer("\r\n", "; ", "\n", "; ", "\r", "; ").Replace(err.Error())), " ")
	parts := strings.Split(msg, ": ")
	out := make([]string, 0, len(parts))
	for i, p := range parts {
		if i > 0 && p == parts[i-1] {
			continue
		}
		out = append(out, p)
	}
	msg = strings.Join(out, ": ")
	if r := []rune(msg); len(r) > maxNote {
		// Cut the middle: a long path loses its inner folders, the reason at the end stays.
		head := (maxNote - 1) / 2
		msg = string(r[:head]) + "…" + string(r[len(r)-(maxNote-1-head):])
	}
	return msg
}
