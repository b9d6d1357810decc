package decode

import (
	"fmt"
	"io"
	"sync/atomic"
)

// budget is a count of decompressed bytes that readers draw from.
type budget struct {
	left atomic.Int64
	max  int64
}

func newBudget(max int64) *budget {
	b := &budget{max: max}
	b.left.Store(max)
	return b
}

// take reserves up to n bytes and returns how many were granted.
func (b *budget) take(n int64) int64 {
	for {
		left := b.left.Load()
		if left <= 0 {
			return 0
		}
		g := min(n, left)
		if b.left.CompareAndSwap(left, left-g) {
			return g
		}
	}
}

// giveBack returns n unused bytes of a reservation.
func (b *budget) giveBack(n int64) {
	if n > 0 {
		b.left.Add(n)
	}
}

// limitReader reads from r while its budget lasts, then fails with ErrLimit
// if r has more to give.
type limitReader struct {
	r    io.Reader
	b    *budget
	what string
	err  error
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	if len(p) == 0 {
		return 0, nil
	}
	g := l.b.take(int64(len(p)))
	if g == 0 {
		// The budget is spent: it is only an error if r has more.
		var one [1]byte
		if _, err := io.ReadFull(l.r, one[:]); err != nil {
			l.err = err
			if err == io.ErrUnexpectedEOF {
				l.err = io.EOF
			}
			return 0, l.err
		}
		l.err = fmt.Errorf("%w: %s yields more than %d bytes", ErrLimit, l.what, l.b.max)
		return 0, l.err
	}
	n, err := l.r.Read(p[:g])
	l.b.giveBack(g - int64(n))
	if err != nil {
		l.err = err
	}
	return n, err
}
