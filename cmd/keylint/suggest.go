package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// flagError adds "did you mean" to an unknown long flag, from the command's own flags.
func flagError(c *cobra.Command, err error) error {
	msg := err.Error()
	name, ok := strings.CutPrefix(msg, "unknown flag: --")
	if !ok {
		return usageError{err}
	}
	best, bestDist := "", 0
	c.Flags().VisitAll(func(f *pflag.Flag) {
		if d := editDistance(name, f.Name); !f.Hidden && (best == "" || d < bestDist) {
			best, bestDist = f.Name, d
		}
	})
	if best == "" || bestDist > max(1, len(best)/3) {
		return usageError{err}
	}
	return usageError{fmt.Errorf("%w; did you mean --%s?", err, best)}
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
