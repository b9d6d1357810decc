//go:build unix

package atomicfile

import (
	"errors"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// signalGuard removes a write's temporary file when SIGINT or SIGTERM arrives during the write,
// and then delivers the signal again with its default action, so that the process ends as it
// would have, with no .NAME.keylint-N file left behind. Only the signal's timing changes.
type signalGuard struct {
	ch       chan os.Signal
	done     chan struct{}
	finished chan struct{}

	mu       sync.Mutex
	name     string // the temporary file, once created
	signaled bool
}

var errInterrupted = errors.New("interrupted by a signal")

// guardSignals starts watching for SIGINT and SIGTERM; it is called before the temporary file
// is created, so that no signal falls between its creation and the watch.
func guardSignals() *signalGuard {
	g := &signalGuard{ch: make(chan os.Signal, 1), done: make(chan struct{}), finished: make(chan struct{})}
	signal.Notify(g.ch, syscall.SIGINT, syscall.SIGTERM)
	go g.watch()
	return g
}

// createTemp creates the temporary file, as os.CreateTemp does, under the lock the watch takes:
// a signal falls either before it (no file is made) or after it (the file is removed).
func (g *signalGuard) createTemp(dir, pattern string) (*os.File, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.signaled {
		return nil, errInterrupted
	}
	f, err := os.CreateTemp(dir, pattern)
	if err == nil {
		g.name = f.Name()
	}
	return f, err
}

func (g *signalGuard) watch() {
	defer close(g.finished)
	var sig os.Signal
	select {
	case sig = <-g.ch:
	case <-g.done:
		select {
		case sig = <-g.ch: // arrived just before stop: the write is over, but the signal still counts
		default:
			return
		}
	}
	g.mu.Lock()
	g.signaled = true
	if g.name != "" {
		os.Remove(g.name) // gone already when the rename was done
	}
	g.mu.Unlock()
	signal.Stop(g.ch)
	if s, ok := sig.(syscall.Signal); ok {
		_ = syscall.Kill(os.Getpid(), s) // nothing is left to do if the process cannot signal itself
	}
}

// stop ends the watch once the write is over (renamed, or its temporary file removed).
func (g *signalGuard) stop() {
	close(g.done)
	<-g.finished
	signal.Stop(g.ch)
}
