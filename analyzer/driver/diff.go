package driver

import (
	"fmt"
	"strings"

	"github.com/keylint/keylint/analyzer/internal/ends"
)

const diffContext = 3

// op is one line of a line diff: ' ' kept, '-' removed, '+' added.
type op struct {
	kind byte
	line string
}

// unified returns a unified diff of before and after, named name, or "" when they are equal.
// Each line it shows passes through redact first: the diff is for review, and must not print
// the keys it removes, nor those left in its context lines.
func unified(name, before, after string, redact func(string) string) string {
	ops := lineDiff(splitLines(before), splitLines(after))
	var b strings.Builder
	fmt.Fprintf(&b, "--- %s (old)\n+++ %s (new)\n", name, name)
	hunks := 0
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		// A hunk: from diffContext lines before this change to diffContext after the last
		// change that lies within 2*diffContext kept lines of the one before.
		start := max(0, i-diffContext)
		end := i
		for j := i; j < len(ops); j++ {
			if ops[j].kind != ' ' {
				end = j + 1
			} else if j-end >= 2*diffContext {
				break
			}
		}
		end = min(len(ops), end+diffContext)
		oldStart, newStart := lineNumbers(ops, start)
		oldN, newN := 0, 0
		for _, o := range ops[start:end] {
			if o.kind != '+' {
				oldN++
			}
			if o.kind != '-' {
				newN++
			}
		}
		fmt.Fprintf(&b, "@@ -%d,%d +%d,%d @@\n", oldStart, oldN, newStart, newN)
		for _, o := range ops[start:end] {
			b.WriteByte(o.kind)
			b.WriteString(redact(o.line))
			if !strings.HasSuffix(o.line, "\n") {
				b.WriteString("\n\\ No newline at end of file\n")
			}
		}
		hunks++
		i = end
	}
	if hunks == 0 {
		return ""
	}
	return b.String()
}

// lineNumbers returns the 1-based old and new line numbers of ops[i].
func lineNumbers(ops []op, i int) (int, int) {
	o, n := 1, 1
	for _, x := range ops[:i] {
		if x.kind != '+' {
			o++
		}
		if x.kind != '-' {
			n++
		}
	}
	return o, n
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// lineDiff returns the edit script from a to b: common ends kept, the middle by longest
// common subsequence (or replaced whole where it is too large to compare cheaply).
func lineDiff(a, b []string) []op {
	p, s := ends.Common(a, b)
	var ops []op
	for _, l := range a[:p] {
		ops = append(ops, op{' ', l})
	}
	ops = append(ops, lcs(a[p:len(a)-s], b[p:len(b)-s])...)
	for _, l := range a[len(a)-s:] {
		ops = append(ops, op{' ', l})
	}
	return ops
}

func lcs(a, b []string) []op {
	var ops []op
	if len(a)*len(b) > 4_000_000 {
		for _, l := range a {
			ops = append(ops, op{'-', l})
		}
		for _, l := range b {
			ops = append(ops, op{'+', l})
		}
		return ops
	}
	// n[i][j] is the LCS length of a[i:] and b[j:].
	n := make([][]int, len(a)+1)
	for i := range n {
		n[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				n[i][j] = n[i+1][j+1] + 1
			} else {
				n[i][j] = max(n[i+1][j], n[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			ops = append(ops, op{' ', a[i]})
			i, j = i+1, j+1
		case i < len(a) && (j == len(b) || n[i+1][j] >= n[i][j+1]):
			ops = append(ops, op{'-', a[i]})
			i++
		default:
			ops = append(ops, op{'+', b[j]})
			j++
		}
	}
	return ops
}
