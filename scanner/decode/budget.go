package decode

import (
	"fmt"
	"io"
	"sync/atomic"
)

// ErrBudget is the error of a reader whose Budget is spent while it has more to give.
var ErrBudget = fmt.Errorf("%w: decompressed size budget used up", ErrLimit)

// Budget is how many decompressed bytes may still be read: one per top-level item, drawn
// from by every decoder inside it (gzip streams, zip members, the holes of sparse tar
// members), so that nesting cannot multiply it. It is safe for concurrent use.
type Budget struct {
	left   atomic.Int64
	max    int64
	parent *Budget
}

// NewBudget returns a budget of max bytes; max <= 0 allows nothing.
func NewBudget(max int64) *Budget {
	b := &Budget{}
	b.Init(max)
	return b
}

// Init makes b, not yet in use, a budget of max bytes as NewBudget does: for a Budget held
// inside a larger value, so that it costs no allocation of its own.
func (b *Budget) Init(max int64) {
	b.max, b.parent = max, nil
	b.left.Store(max)
}

// Sub returns a budget of at most max bytes that draws from b as it is used, so that one
// part (a zip member) cannot take all of b.
func (b *Budget) Sub(max int64) *Budget {
	s := NewBudget(max)
	s.parent = b
	return s
}

// Max returns the size the budget was made with.
func (b *Budget) Max() int64 { return b.max }

// Left returns how many bytes may still be taken from b and the budgets it draws from.
func (b *Budget) Left() int64 {
	left := b.left.Load()
	for p := b.parent; p != nil; p = p.parent {
		left = min(left, p.left.Load())
	}
	return max(left, 0)
}

// Take reserves up to n bytes and returns how many were granted.
func (b *Budget) Take(n int64) int64 {
	g := b.takeOwn(n)
	if g > 0 && b.parent != nil {
		pg := b.parent.Take(g)
		b.giveBackOwn(g - pg)
		g = pg
	}
	return g
}

// GiveBack returns n unused bytes of a reservation.
func (b *Budget) GiveBack(n int64) {
	for p := b; p != nil && n > 0; p = p.parent {
		p.giveBackOwn(n)
	}
}

func (b *Budget) takeOwn(n int64) int64 {
	for {
		left := b.left.Load()
		if left <= 0 || n <= 0 {
			return 0
		}
		g := min(n, left)
		if b.left.CompareAndSwap(left, left-g) {
			return g
		}
	}
}

func (b *Budget) giveBackOwn(n int64) {
	if n > 0 {
		b.left.Add(n)
	}
}

// Reader returns r reading from b while it lasts; when b is spent the reader fails with
// ErrBudget if r has more to give, and ends as r does if it has not.
func (b *Budget) Reader(r io.Reader) io.Reader {
	return &limitReader{r: r, b: b}
}

// limitReader reads from r while its budget lasts.
type limitReader struct {
	r   io.Reader
	b   *Budget
	err error
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	if len(p) == 0 {
		return 0, nil
	}
	g := l.b.Take(int64(len(p)))
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
		l.err = ErrBudget
		return 0, l.err
	}
	n, err := l.r.Read(p[:g])
	l.b.GiveBack(g - int64(n))
	if err != nil {
		l.err = err
	}
	return n, err
}

// memberBudget returns the part of b one zip member may draw from.
func (lim Limits) memberBudget(b *Budget) *Budget {
	if lim.MaxMemberExpanded <= 0 {
		return b
	}
	return b.Sub(lim.MaxMemberExpanded)
}
