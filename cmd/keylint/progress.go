package main

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// progress shows a line on a terminal's standard error while a long run goes on.
type progress struct {
	w     io.Writer
	line  func(elapsed time.Duration) string
	stop  chan struct{}
	done  sync.WaitGroup
	shown bool
}

// startProgress begins showing line after a second, when w is a terminal and not quiet.
func startProgress(w io.Writer, quiet bool, line func(elapsed time.Duration) string) *progress {
	p := &progress{w: w, line: line, stop: make(chan struct{})}
	if quiet || !isTerminal(w) {
		return p
	}
	p.done.Add(1)
	go func() {
		defer p.done.Done()
		start := time.Now()
		delay := time.NewTimer(time.Second)
		defer delay.Stop()
		select {
		case <-delay.C:
		case <-p.stop:
			return
		}
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for {
			fmt.Fprintf(p.w, "\r\x1b[K%s", p.line(time.Since(start)))
			p.shown = true
			select {
			case <-tick.C:
			case <-p.stop:
				return
			}
		}
	}()
	return p
}

// Stop erases the line.
func (p *progress) Stop() {
	close(p.stop)
	p.done.Wait()
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}

func rate(bytes int64, elapsed time.Duration) string {
	mb := float64(bytes) / 1e6
	return fmt.Sprintf("%.1f MB, %.1f MB/s", mb, mb/max(elapsed.Seconds(), 0.001))
}
