package verify

import (
	"context"
	"sync"
	"time"
)

// limiter spaces the requests to one host: each takes the next free slot, interval apart.
type limiter struct {
	clock    Clock
	interval time.Duration
	mu       sync.Mutex
	next     time.Time // the earliest time the next request may go
}

// wait blocks until the caller's slot comes.
func (l *limiter) wait(ctx context.Context) error {
	l.mu.Lock()
	now := l.clock.Now()
	slot := now
	if l.next.After(slot) {
		slot = l.next
	}
	l.next = slot.Add(l.interval)
	l.mu.Unlock()
	if slot.After(now) {
		return l.clock.SleepUntil(ctx, slot)
	}
	return ctx.Err()
}

// holdFor keeps the host's next slot at least d away (a Retry-After, a backoff).
func (l *limiter) holdFor(d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if t := l.clock.Now().Add(d); t.After(l.next) {
		l.next = t
	}
}

// limiters holds one limiter per host for one run.
type limiters struct {
	clock    Clock
	interval time.Duration
	mu       sync.Mutex
	byHost   map[string]*limiter
}

func (ls *limiters) get(host string) *limiter {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	l, ok := ls.byHost[host]
	if !ok {
		l = &limiter{clock: ls.clock, interval: ls.interval}
		ls.byHost[host] = l
	}
	return l
}
