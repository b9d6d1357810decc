// Package scanner finds keys in bytes from any source: it reads an item, decodes
// what is encoded (archives, UTF-16, base64, string escapes) and asks the rules.
// It does no I/O of its own beyond reading the items it is given, and prints nothing.
package scanner

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/keylint/keylint/internal/controlfile"
	"github.com/keylint/keylint/scanner/decode"
	"github.com/keylint/keylint/scanner/rules"
	"github.com/keylint/keylint/scanner/source"
)

// Scanner finds keys; it is immutable and safe for concurrent use.
type Scanner struct {
	rules       *rules.Set
	limits      decode.Limits
	maxFindings int
	zipSlots    chan struct{} // one token per item holding zips in memory
	chunk       int
	checks      []Check
	bufs        *sync.Pool // chunk buffers, reused across items
	small       int        // the size of smallBufs' buffers (at most chunk)
	smallBufs   *sync.Pool // buffers for items known to be well under small bytes
	// needles find encoded spans (base64, escapes) that may hide a prefix.
	needles *decode.Needles
}

// Options tune a Scanner; the zero value means the defaults.
type Options struct {
	Limits decode.Limits
	// ChunkSize is how many bytes are held per read of a large file (default DefaultChunkSize).
	ChunkSize int
	// Checks look at whole files beyond their keys.
	Checks []Check
	// MaxFindings is how many findings one item may return (default DefaultMaxFindings);
	// the rest are counted and named in the item's error.
	MaxFindings int
	// ZipsInMemory is how many items may hold zips in memory at once, across all the
	// goroutines scanning (default DefaultZipsInMemory); the others wait their turn.
	ZipsInMemory int
}

// DefaultZipsInMemory bounds the zips held in memory across a run: an item holds at most
// two (one inside a member of the other; a zip file on disk is read in place), of at most
// Limits.MaxBuffer each, so two items hold at most 256 MiB whatever --jobs is.
const DefaultZipsInMemory = 2

// DefaultMaxFindings bounds the findings held for one file: 10,000, some 5 MB. A file of
// 40 MB of keys would otherwise hold a million findings until the report is written.
const DefaultMaxFindings = 10000

// New returns a Scanner over a compiled rule set.
func New(set *rules.Set, opt Options) *Scanner {
	if opt.Limits == (decode.Limits{}) {
		opt.Limits = decode.DefaultLimits()
	}
	if opt.Limits.MaxMemberExpanded <= 0 {
		// One zip member may use at most a quarter of the budget.
		opt.Limits.MaxMemberExpanded = max(opt.Limits.MaxExpanded/4, 1)
	}
	if opt.ChunkSize <= 0 {
		opt.ChunkSize = DefaultChunkSize
	}
	// A chunk holds the longest key and the look-behind with room to spare.
	opt.ChunkSize = max(opt.ChunkSize, 2*(set.MaxKeyLen()+lookBehind+1), headSize)
	chunk := opt.ChunkSize
	small := min(max(smallChunk, 2*(set.MaxKeyLen()+lookBehind+1), headSize), chunk)
	if opt.MaxFindings <= 0 {
		opt.MaxFindings = DefaultMaxFindings
	}
	if opt.ZipsInMemory <= 0 {
		opt.ZipsInMemory = DefaultZipsInMemory
	}
	bufs := &sync.Pool{New: func() any { b := make([]byte, chunk); return &b }}
	smallBufs := bufs // at the default chunk, the small buffer is a chunk
	if small < chunk {
		smallBufs = &sync.Pool{New: func() any { b := make([]byte, small); return &b }}
	}
	return &Scanner{rules: set, limits: opt.Limits, maxFindings: opt.MaxFindings, zipSlots: make(chan struct{}, opt.ZipsInMemory),
		chunk: chunk, checks: opt.Checks,
		needles:   decode.NewNeedles(set.Prefixes()),
		bufs:      bufs,
		small:     small,
		smallBufs: smallBufs}
}

// DefaultChunkSize is how many bytes of a large file are read and scanned at a time: what
// ripgrep reads at a time. Against 1 MiB, the folder scan of an 856 MB tree took 1.48 s
// instead of 1.51 s (15 interleaved rounds on a busy machine), with 6 MB less memory.
const DefaultChunkSize = 64 << 10

// smallChunk is the buffer of an item whose size is known to be well under it, when the
// ChunkSize asked for is larger: most files and blobs are a few kB, and a short run (a
// --staged scan of three blobs) then does not fault in a large buffer for each worker. An
// item that grew past it since its size was taken is scanned in chunks of this size, with
// the same findings.
const smallChunk = 64 << 10

// Rules returns the scanner's rule set.
func (s *Scanner) Rules() *rules.Set { return s.rules }

// Scan reads one item and returns its findings. A partial result comes with an
// error when reading or decoding stopped early.
func (s *Scanner) Scan(ctx context.Context, it source.Item) ([]Finding, error) {
	return s.scanCounted(ctx, it, nil)
}

// scanCounted is Scan, adding the bytes it reads to read when it is not nil.
func (s *Scanner) scanCounted(ctx context.Context, it source.Item, read *atomic.Int64) ([]Finding, error) {
	rc, err := it.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	st := &itemScan{s: s, loc: it.Location}
	if read != nil {
		st.counted = countedReadCloser{ReadCloser: rc, n: read}
		rc = &st.counted
	}
	st.ctx = slotContext{Context: ctx, slot: &st.slot}
	ctx = &st.ctx
	defer s.releaseZipSlot(&st.slot)
	budget := &st.budget
	budget.Init(s.limits.MaxExpanded)
	w := &st.w
	*w = watch{s: s, loc: it.Location}
	err = s.scanStream(ctx, it.Location, rc, fileOf(rc), 0, budget, st.emit, st.whole, w)
	out, checked, dropped := st.out, st.checked, st.dropped
	if dropped > 0 {
		err = errors.Join(err, fmt.Errorf("%w: more than %d keys; %d more were found and are not listed", decode.ErrLimit, s.maxFindings, dropped))
	}
	if err != nil || checked {
		return out, err
	}
	if len(out) == 0 && w.nothingToCheck() {
		// Read whole as text and holding none of the keywords: the checks have nothing to do.
		return out, nil
	}
	if cs := s.wanted(it.Location, out); len(cs) > 0 {
		if read != nil {
			it.Open = countedOpen(it.Open, read) // the checks read it again
		}
		return s.recheck(ctx, it, cs, out, w.complete && w.seen)
	}
	return out, nil
}

// ScanBytes returns the findings in data, which is text already in memory.
func (s *Scanner) ScanBytes(loc source.Location, data []byte) []Finding {
	var out []Finding
	t := newTextScan(s, loc, func(f Finding) { out = append(out, f) })
	t.feed(data, true)
	return out
}

// scanStream sniffs r and scans it as text, or decodes it first.
// file, when not nil, reads the same bytes at any offset (a file on disk): a zip is then
// read in place rather than held in memory.
// whole, when not nil, is shown the bytes of a text file that fit one chunk.
// w, when not nil, watches the text for the checks' keywords.
func (s *Scanner) scanStream(ctx context.Context, loc source.Location, r io.Reader, file SizedReaderAt, depth int, budget *decode.Budget, emit func(Finding), whole func([]byte), w *watch) error {
	bufs := s.bufs
	if file != nil && file.Size() >= 0 && file.Size() < int64(s.small/2) {
		bufs = s.smallBufs
	}
	bp := bufs.Get().(*[]byte)
	defer bufs.Put(bp)
	buf := *bp
	// Read the head first: a binary file or an archive is left after 8 KiB, not a whole chunk.
	n, err := fill(r, buf[:min(len(buf), headSize)])
	kind := decode.Sniff(buf[:n])
	if kind == decode.Text {
		if err == nil {
			var m int
			m, err = fill(r, buf[n:])
			n += m
		}
		if err == io.EOF {
			// The whole file fits one chunk: the common case, with no copying.
			newTextScan(s, loc, emit).feed(buf[:n], true)
			if whole != nil {
				whole(buf[:n])
			}
			return nil
		}
		return s.scanText(ctx, loc, r, buf, n, err, emit, w)
	}
	eof := err == io.EOF
	if err != nil && !eof {
		return err
	}
	full := io.MultiReader(bytes.NewReader(append([]byte(nil), buf[:n]...)), r)
	switch kind {
	case decode.Binary:
		return nil
	case decode.UTF16LE, decode.UTF16BE:
		utf8 := decode.NewUTF16Reader(full, kind)
		n, err := fill(utf8, buf)
		return s.scanText(ctx, loc, utf8, buf, n, err, emit, nil)
	case decode.GzipKind:
		if depth >= s.limits.MaxDepth {
			return fmt.Errorf("%w: archives nested deeper than %d", decode.ErrLimit, s.limits.MaxDepth)
		}
		zr, err := decode.Gunzip(full, budget)
		if err != nil {
			return err
		}
		counted := bufio.NewReaderSize(zr, headSize)
		inner := loc
		if head, _ := counted.Peek(headSize); !decode.IsTar(head) {
			// A .tar.gz (.tgz) names its members after the archive: "pkg.tgz!package/index.js".
			inner.Member = joinMember(loc.Member, gunzipName(loc))
		}
		return s.scanStream(ctx, inner, counted, nil, depth+1, budget, emit, nil, nil)
	case decode.ZipKind:
		if depth >= s.limits.MaxDepth {
			return fmt.Errorf("%w: archives nested deeper than %d", decode.ErrLimit, s.limits.MaxDepth)
		}
		if file != nil {
			return s.scanZipMembers(ctx, loc, file, file.Size(), depth, budget, emit)
		}
		return s.scanZip(ctx, loc, full, depth, budget, emit)
	case decode.TarKind:
		if depth >= s.limits.MaxDepth {
			return fmt.Errorf("%w: archives nested deeper than %d", decode.ErrLimit, s.limits.MaxDepth)
		}
		return s.scanTar(ctx, loc, full, depth, budget, emit)
	}
	return nil
}

// scanTar scans each member of a tar stream as it is read: a tar holds its members
// one after another, so nothing is buffered. A tar does not compress: its members use
// the budget only through what they decode (a gzip inside) or expand (sparse holes).
func (s *Scanner) scanTar(ctx context.Context, loc source.Location, r io.Reader, depth int, budget *decode.Budget, emit func(Finding)) error {
	return s.scanMembers(ctx, loc, depth, budget, emit, func(fn func(decode.Member) error) error {
		return decode.TarMembers(r, s.limits, budget, fn)
	})
}

// errStop ends an archive's walk once its budget is spent.
var errStop = errors.New("budget spent")

// scanMembers scans each member an archive's walk (decode.TarMembers, decode.ZipMembers)
// yields, each drawing from its part of the item's budget, and stops when a member ran out of
// the budget itself: the rest of the archive would find none either.
func (s *Scanner) scanMembers(ctx context.Context, loc source.Location, depth int, budget *decode.Budget, emit func(Finding), walk func(func(decode.Member) error) error) error {
	var errs []error
	names := NameSeen{}
	werr := walk(func(m decode.Member) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		rc, inner, err := s.openMember(loc, m, names, emit)
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		defer rc.Close()
		if err := s.scanStream(ctx, inner, rc, nil, depth+1, m.Budget, emit, nil, nil); err != nil {
			errs = append(errs, fmt.Errorf("member %s: %w", s.rules.RedactText(m.Name), err))
			if errors.Is(err, decode.ErrBudget) && budget.Left() <= 0 {
				return errStop
			}
		}
		return nil
	})
	if werr == errStop {
		werr = nil
	}
	return errors.Join(append(errs, werr)...)
}

// scanZip buffers a zip (bounded) and scans each member.
func (s *Scanner) scanZip(ctx context.Context, loc source.Location, r io.Reader, depth int, budget *decode.Budget, emit func(Finding)) error {
	if err := s.takeZipSlot(ctx); err != nil {
		return err
	}
	data, err := controlfile.ReadAtMost(r, s.limits.MaxBuffer)
	if _, over := errors.AsType[*controlfile.TooLargeError](err); over {
		return fmt.Errorf("%w: zip larger than %d bytes is not read", decode.ErrLimit, s.limits.MaxBuffer)
	}
	if err != nil {
		return err
	}
	return s.scanZipMembers(ctx, loc, bytes.NewReader(data), int64(len(data)), depth, budget, emit)
}

// zipSlot records whether the item being scanned holds a token of Scanner.zipSlots.
type zipSlot struct{ held bool }

type zipSlotKey struct{}

// takeZipSlot waits, unless the item holds one already, for a token to hold zips in
// memory. An item never waits while it holds one, so the wait always ends.
func (s *Scanner) takeZipSlot(ctx context.Context) error {
	slot, _ := ctx.Value(zipSlotKey{}).(*zipSlot)
	if slot == nil || slot.held {
		return nil
	}
	select {
	case s.zipSlots <- struct{}{}:
		slot.held = true
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *Scanner) releaseZipSlot(slot *zipSlot) {
	if slot.held {
		<-s.zipSlots
		slot.held = false
	}
}

// SizedReaderAt reads an item's bytes at any offset; an item opened from a file on disk
// offers it, so that a zip file is read in place.
type SizedReaderAt interface {
	io.ReaderAt
	Size() int64
}

// fileOf returns the SizedReaderAt under r (through the wrappers a run adds), or nil.
func fileOf(r io.Reader) SizedReaderAt {
	for {
		switch v := r.(type) {
		case SizedReaderAt:
			return v
		case interface{ Unwrap() io.ReadCloser }:
			r = v.Unwrap()
		default:
			return nil
		}
	}
}

// scanZipMembers scans each member of the zip in ra. A member draws at most
// Limits.MaxMemberExpanded (a quarter) of the budget, so that a bomb in one member leaves
// the others scanned; what is inside it draws from its part.
func (s *Scanner) scanZipMembers(ctx context.Context, loc source.Location, ra io.ReaderAt, size int64, depth int, budget *decode.Budget, emit func(Finding)) error {
	return s.scanMembers(ctx, loc, depth, budget, emit, func(fn func(decode.Member) error) error {
		return decode.ZipMembers(ra, size, s.limits, budget, fn)
	})
}

// openMember reports the keys in an archive member's name, once per name, and opens the
// member, returning its location.
func (s *Scanner) openMember(loc source.Location, m decode.Member, names NameSeen, emit func(Finding)) (io.ReadCloser, source.Location, error) {
	for _, f := range s.memberNameFindings(loc, m.Name) {
		if names.Fresh(&f) {
			emit(f)
		}
	}
	rc, err := m.Open()
	if err != nil {
		return nil, loc, fmt.Errorf("member %s: %w", s.rules.RedactText(m.Name), err)
	}
	inner := loc
	inner.Member = joinMember(loc.Member, m.Name)
	return rc, inner, nil
}

func joinMember(outer, inner string) string {
	if outer == "" {
		return inner
	}
	return outer + "!" + inner
}

// gunzipName names the file inside a gzip after the archive: "a.js.gz" holds "a.js".
func gunzipName(loc source.Location) string {
	name := loc.Path
	if loc.Member != "" {
		name = loc.Member
	}
	if i := strings.LastIndexByte(name, '!'); i >= 0 {
		name = name[i+1:]
	}
	name = path.Base(name)
	switch {
	case strings.HasSuffix(name, ".tgz"):
		return strings.TrimSuffix(name, ".tgz") + ".tar"
	case strings.HasSuffix(name, ".gz"):
		return strings.TrimSuffix(name, ".gz")
	}
	return name + ".gunzip"
}

// scanText scans a text whose first n bytes are in buf, reading the rest of r into
// the same buffer chunk by chunk; err is what the first read returned.
// w, when not nil, is told of the keywords in each chunk and whether the text was read to its end.
func (s *Scanner) scanText(ctx context.Context, loc source.Location, r io.Reader, buf []byte, n int, err error, emit func(Finding), w *watch) error {
	t := newTextScan(s, loc, emit)
	for {
		keep := t.feed(buf[:n], err != nil)
		w.look(buf[:n])
		if err == io.EOF {
			if w != nil {
				w.complete = true
			}
			return nil
		}
		if err != nil {
			return err
		}
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		// The unscanned tail moves to the front; the next chunk is read behind it.
		c := copy(buf, buf[keep:n])
		var m int
		m, err = fill(r, buf[c:])
		n = c + m
	}
}

// headSize is how much of a file decides what it holds.
const headSize = 8192

// fill reads into buf until it is full or r ends. Unlike io.ReadFull it keeps a
// reader's own error (a truncated gzip's io.ErrUnexpectedEOF) apart from a clean end,
// which it returns as io.EOF.
func fill(r io.Reader, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := r.Read(buf[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
