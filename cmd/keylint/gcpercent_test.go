package main

import (
	"runtime/debug"
	"testing"
)

// TestGCSettings checks what each kind of scan sets the collector to, that an
// environment variable a user sets wins, and that each setting is undone afterwards.
func TestGCSettings(t *testing.T) {
	cases := []struct {
		name                string
		set                 func() func()
		gogc, gomemlimit    string
		wantPercent         int
		wantLimit           int64
		keepPercent, keepLm bool
	}{
		{name: "history", set: tightGC, wantPercent: historyGCPercent, wantLimit: historyMemoryLimit},
		{name: "history, GOGC set", set: tightGC, gogc: "100", keepPercent: true, wantLimit: historyMemoryLimit},
		{name: "history, GOMEMLIMIT set", set: tightGC, gomemlimit: "1GiB", wantPercent: historyGCPercent, keepLm: true},
		{name: "files", set: looseGC, wantPercent: filesGCPercent, wantLimit: filesMemoryLimit},
		{name: "files, GOGC set", set: looseGC, gogc: "100", keepPercent: true, wantLimit: filesMemoryLimit},
		{name: "files, GOMEMLIMIT set", set: looseGC, gomemlimit: "1GiB", wantPercent: filesGCPercent, keepLm: true},
		{name: "staged", set: pausedGC, wantPercent: -1, wantLimit: stagedMemoryLimit},
		{name: "staged, GOGC set", set: pausedGC, gogc: "100", keepPercent: true, wantLimit: stagedMemoryLimit},
		{name: "staged, GOMEMLIMIT set", set: pausedGC, gomemlimit: "1GiB", wantPercent: -1, keepLm: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("GOGC", c.gogc)
			t.Setenv("GOMEMLIMIT", c.gomemlimit)
			const percent, limit = 137, int64(3 << 30)
			oldPercent := debug.SetGCPercent(percent)
			oldLimit := debug.SetMemoryLimit(limit)
			defer func() {
				debug.SetGCPercent(oldPercent)
				debug.SetMemoryLimit(oldLimit)
			}()
			restore := c.set()
			gotPercent := debug.SetGCPercent(percent)
			debug.SetGCPercent(gotPercent)
			gotLimit := debug.SetMemoryLimit(-1) // -1 reads the limit without changing it
			wantPercent, wantLimit := c.wantPercent, c.wantLimit
			if c.keepPercent {
				wantPercent = percent
			}
			if c.keepLm {
				wantLimit = limit
			}
			if gotPercent != wantPercent || gotLimit != wantLimit {
				t.Errorf("during the scan: GC percent %d, limit %d; want %d, %d", gotPercent, gotLimit, wantPercent, wantLimit)
			}
			restore()
			if p, l := debug.SetGCPercent(percent), debug.SetMemoryLimit(-1); p != percent || l != limit {
				t.Errorf("after the scan: GC percent %d, limit %d; want %d, %d back", p, l, percent, limit)
			}
		})
	}
}
