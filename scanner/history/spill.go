package history

import (
	"bufio"
	"bytes"
	"io"
	"os"
)

// spillBytes is how much of a spillLog stays in memory before it moves to a temporary file.
const spillBytes = 1 << 20

// spillLog is an append-only sequence of bytes a walk writes as it goes (a record per
// change, per commit) and reads back once at its end: it stays in memory up to spillBytes
// and moves to a temporary file beyond, so a history of any length costs the walk the same
// memory. When no temporary file can be written it stays in memory. One goroutine uses it.
type spillLog struct {
	buf    []byte
	f      *os.File // nil until the first spill
	size   int64    // bytes in f
	noFile bool     // the temporary file failed: keep everything in memory
}

// append adds bytes at the log's end.
func (l *spillLog) append(b []byte) {
	l.buf = append(l.buf, b...)
	if len(l.buf) >= spillBytes && !l.noFile {
		l.spill()
	}
}

// spill moves the buffer to the temporary file.
func (l *spillLog) spill() {
	if l.f == nil {
		f, err := os.CreateTemp("", "keylint-history-*")
		if err != nil {
			l.noFile = true
			return
		}
		l.f = f
	}
	n, err := l.f.WriteAt(l.buf, l.size)
	if err != nil {
		// Keep what did not fit in memory; what was written stays readable.
		l.noFile = true
		l.size += int64(n)
		l.buf = append(l.buf[:0], l.buf[n:]...)
		return
	}
	l.size += int64(n)
	l.buf = l.buf[:0]
}

// len returns how many bytes the log holds.
func (l *spillLog) len() int64 { return l.size + int64(len(l.buf)) }

// reader returns the log from its start.
func (l *spillLog) reader() *bufio.Reader {
	var r io.Reader = bytes.NewReader(l.buf)
	if l.f != nil {
		r = io.MultiReader(io.NewSectionReader(l.f, 0, l.size), r)
	}
	return bufio.NewReaderSize(r, 64<<10)
}

// readAt fills b from offset off of the log.
func (l *spillLog) readAt(b []byte, off int64) error {
	if off < l.size {
		n := min(int64(len(b)), l.size-off)
		if _, err := l.f.ReadAt(b[:n], off); err != nil {
			return err
		}
		b, off = b[n:], off+n
	}
	if len(b) == 0 {
		return nil
	}
	i := off - l.size
	if i < 0 || i+int64(len(b)) > int64(len(l.buf)) {
		return io.ErrUnexpectedEOF
	}
	copy(b, l.buf[i:])
	return nil
}

// close removes the temporary file.
func (l *spillLog) close() {
	if l.f != nil {
		l.f.Close()
		os.Remove(l.f.Name())
		l.f = nil
	}
	l.buf, l.size = nil, 0
}
