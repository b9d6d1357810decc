package scanner_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/decode"
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

// TestMaxFindings checks that one file holds at most MaxFindings findings, and says how
// many more it had.
func TestMaxFindings(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	keys := make([]string, 250)
	for i := range keys {
		keys[i] = key(r)
	}
	sc := newScanner(t, scanner.Options{MaxFindings: 100})
	fs, err := sc.Scan(context.Background(), item("many.txt", []byte(strings.Join(keys, "\n"))))
	if len(fs) != 100 || !errors.Is(err, decode.ErrLimit) || !strings.Contains(err.Error(), "more than 100 keys; 150 more were found") {
		t.Errorf("%d findings, %v; want 100 and the other 150 counted", len(fs), err)
	}
}
