package main

import (
	"os"
	"runtime/debug"
)

// historyGCPercent is the collector's target while a history scan runs: the scan's heap is
// mostly its caches of inflated objects, without pointers, so a tighter target than the
// default costs little CPU and keeps the peak memory at 1.75 times what is live instead of
// twice. Measured in one run: on 100,000 commits 13% less CPU than at 50, and 53-55 MB peak
// on gitleaks' own repository (49-50 at 50, 61-62 at 100; gitleaks itself 68).
const historyGCPercent = 75

// historyMemoryLimit is the Go heap past which a history scan's collector runs more often
// than historyGCPercent alone would. The walk's own heap stays far below it (its caches are
// a few MB); what can reach it is the blobs in flight when they are large. On a history of
// 12.4 GB of distinct blobs (github/codeql-action, its built bundles committed) the peak was
// 199 MB at GOGC=75 alone, 167 MB at 50, and 158 MB with this limit, at the CPU of GOGC=50.
const historyMemoryLimit = 128 << 20

// stagedMemoryLimit is the heap a --staged scan may grow to before the collector runs (it
// runs with the collector otherwise off). A staged scan is a pre-commit hook's: it reads the
// index and a few blobs in a few milliseconds, and on a busy machine one collection (whose
// pauses wait for every thread) more than doubled that: 9 ms against 4 on a 10,000-file index.
// At 256 MiB, staging 100 files of 3 MB peaked at 274 MB (67 MB with the collector on).
const stagedMemoryLimit = 64 << 20

// filesGCPercent is the collector's target while files are scanned. A folder scan's live heap
// is a few MB (the read buffers, the folders waiting, the findings) and its garbage is one small
// allocation after another, so at the default target it collected every 4-8 MB: 13 times on an
// 856 MB tree, each with two pauses that wait for every thread. At 400 it collects 3 times, for
// 4% less CPU (2.75 s against 2.87, 11 interleaved rounds) and a peak of 34 MB against 22
// (ripgrep's is 38).
const filesGCPercent = 400

// filesMemoryLimit is the Go heap past which a files scan's collector runs more often than
// filesGCPercent alone would: above the most an archive keeps in memory (decode.Limits'
// MaxBuffer for each of DefaultZipsInMemory zips, 128 MiB), so that it does not collect
// over and over, and low enough that such a scan stays bounded.
const filesMemoryLimit = 256 << 20

// tightGC sets the collector for a history scan and returns what restores it.
func tightGC() (restore func()) { return setGC(historyGCPercent, historyMemoryLimit) }

// looseGC sets the collector for a files scan and returns what restores it.
func looseGC() (restore func()) { return setGC(filesGCPercent, filesMemoryLimit) }

// pausedGC sets the collector for a --staged scan and returns what restores it.
func pausedGC() (restore func()) { return setGC(-1, stagedMemoryLimit) }

// setGC sets the collector's target (-1: off) unless GOGC is set, and its memory limit
// unless GOMEMLIMIT is set, and returns what restores them.
func setGC(percent int, limit int64) (restore func()) {
	var undo []func()
	if os.Getenv("GOGC") == "" {
		old := debug.SetGCPercent(percent)
		undo = append(undo, func() { debug.SetGCPercent(old) })
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		old := debug.SetMemoryLimit(limit)
		undo = append(undo, func() { debug.SetMemoryLimit(old) })
	}
	return func() {
		for _, u := range undo {
			u()
		}
	}
}
