package scanner_test

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/keylint/keylint/scanner"
)

// TestDenseLongLine checks that many keys on one long line cost about what they cost on
// lines of their own: each finding used to look for its line's bounds and inline allow
// over the whole line, which made a line of n keys cost n times its length.
func TestDenseLongLine(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	keys := make([]string, 8000)
	for i := range keys {
		keys[i] = key(r)
	}
	sc := newScanner(t, scanner.Options{})
	cost := func(sep string) time.Duration {
		data := []byte(strings.Join(keys, sep))
		best := time.Hour
		for range 3 {
			start := time.Now()
			fs, err := sc.Scan(context.Background(), item("dense.txt", data))
			if err != nil || len(fs) != len(keys) {
				t.Fatalf("%d findings, %v; want %d", len(fs), err, len(keys))
			}
			best = min(best, time.Since(start))
		}
		return best
	}
	lines, line := cost("\n"), cost(" ")
	t.Logf("%d keys: %s on lines of their own, %s on one line", len(keys), lines, line)
	if line > 5*lines+100*time.Millisecond {
		t.Errorf("one line of %d keys took %s, %s on their own lines: the cost grows with the line's length per key", len(keys), line, lines)
	}
}
