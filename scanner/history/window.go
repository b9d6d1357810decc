package history

import (
	"errors"
	"io"
)

// Shape of a pack reader's buffers: how many windows it keeps, how much of the pack one
// read brings in, and how far before the object asked for it starts (a history walk reads
// a pack backwards as often as forwards: newest commits first, and their trees' delta
// bases lie before them).
const (
	windowCount = 4
	windowBytes = 16 << 10
	windowBack  = 8 << 10
)

// window reads a pack file through a few buffers of windowBytes, so that the many small
// objects of a history (commits, trees, deltas of a few dozen bytes) cost no system call
// each, even when reads alternate between a few places (an object and its delta base).
// It is an io.ByteReader, so zlib reads from it without buffering of its own (and so
// without reading past an object's end). One goroutine uses it.
type window struct {
	wins [windowCount]win
	cur  *win
	tick uint64
}

// win is one buffer: bytes of pack p from start.
type win struct {
	pack  int // -1 for none
	p     *pack
	buf   []byte
	start int64
	pos   int // the read position in buf
	used  uint64
}

func newWindow() *window {
	w := &window{}
	for i := range w.wins {
		w.wins[i].pack = -1
	}
	w.cur = &w.wins[0]
	return w
}

// seek moves the reader to off in pack pi, keeping a buffer that holds off.
func (w *window) seek(pi int, p *pack, off int64) {
	w.tick++
	oldest := &w.wins[0]
	for i := range w.wins {
		b := &w.wins[i]
		if b.pack == pi && off >= b.start && off < b.start+int64(len(b.buf)) {
			b.pos, b.used, w.cur = int(off-b.start), w.tick, b
			return
		}
		if b.used < oldest.used {
			oldest = b
		}
	}
	oldest.pack, oldest.p, oldest.used = pi, p, w.tick
	oldest.fill(max(0, off-windowBack))
	oldest.pos = int(off - oldest.start)
	w.cur = oldest
}

// fill reads the buffer from the pack at start (fewer bytes at the pack's end).
func (b *win) fill(start int64) {
	if b.buf == nil {
		b.buf = make([]byte, windowBytes)
	}
	b.buf = b.buf[:cap(b.buf)]
	n, _ := b.p.f.ReadAt(b.buf[:min(int64(len(b.buf)), max(0, b.p.size-start))], start)
	b.buf, b.start, b.pos = b.buf[:n], start, 0
}

// more refills the current buffer from its end; it fails at the pack's end.
func (w *window) more() error {
	b := w.cur
	next := b.start + int64(len(b.buf))
	if next >= b.p.size {
		return io.ErrUnexpectedEOF
	}
	b.fill(next)
	if len(b.buf) == 0 {
		return errWindowRead
	}
	return nil
}

var errWindowRead = errors.New("pack file unreadable")

// ReadByte returns the next byte of the pack.
func (w *window) ReadByte() (byte, error) {
	b := w.cur
	if b.pos == len(b.buf) {
		if err := w.more(); err != nil {
			return 0, err
		}
	}
	c := b.buf[b.pos]
	b.pos++
	return c, nil
}

// Read copies the next bytes of the pack into p.
func (w *window) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	b := w.cur
	if b.pos == len(b.buf) {
		if err := w.more(); err != nil {
			return 0, err
		}
	}
	n := copy(p, b.buf[b.pos:])
	b.pos += n
	return n, nil
}
