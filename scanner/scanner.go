// Package scanner finds keys in bytes from any source: it reads an item, decodes
// what is encoded (archives, UTF-16, base64, string escapes) and asks the rules.
// It does no I/O of its own beyond reading the items it is given, and prints nothing.
package scanner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/keylint/keylint/scanner/decode"
	"github.com/keylint/keylint/scanner/rules"
	"github.com/keylint/keylint/scanner/source"
)

// Scanner finds keys; it is immutable and safe for concurrent use.
type Scanner struct {
	rules  *rules.Set
	limits decode.Limits
	chunk  int
	checks []Check
}

// Options tune a Scanner; the zero value means the defaults.
type Options struct {
	Limits decode.Limits
	// ChunkSize is how many bytes are held per read of a large file.
	ChunkSize int
	// Checks look at whole files beyond their keys.
	Checks []Check
}

// New returns a Scanner over a compiled rule set.
func New(set *rules.Set, opt Options) *Scanner {
	if opt.Limits == (decode.Limits{}) {
		opt.Limits = decode.DefaultLimits()
	}
	if opt.ChunkSize <= 0 {
		opt.ChunkSize = 1 << 20
	}
	return &Scanner{rules: set, limits: opt.Limits, chunk: opt.ChunkSize, checks: opt.Checks}
}

// Rules returns the scanner's rule set.
func (s *Scanner) Rules() *rules.Set { return s.rules }

// Scan reads one item and returns its findings. A partial result comes with an
// error when reading or decoding stopped early.
func (s *Scanner) Scan(ctx context.Context, it source.Item) ([]Finding, error) {
	rc, err := it.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var out []Finding
	budget := s.limits.MaxExpanded
	err = s.scanStream(ctx, it.Location, rc, 0, &budget, func(f Finding) { out = append(out, f) })
	if err != nil || len(s.checks) == 0 {
		return out, err
	}
	return s.applyChecks(ctx, it, out)
}

// ScanBytes returns the findings in data, which is text already in memory.
func (s *Scanner) ScanBytes(loc source.Location, data []byte) []Finding {
	var out []Finding
	t := newTextScan(s, loc, func(f Finding) { out = append(out, f) })
	t.feed(data, true)
	return out
}

// scanStream sniffs r and scans it as text, or decodes it first.
func (s *Scanner) scanStream(ctx context.Context, loc source.Location, r io.Reader, depth int, budget *int64, emit func(Finding)) error {
	head := make([]byte, 8192)
	n, err := io.ReadFull(r, head)
	head = head[:n]
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return err
	}
	full := io.MultiReader(bytes.NewReader(head), r)
	switch decode.Sniff(head) {
	case decode.Binary:
		return nil
	case decode.UTF16LE, decode.UTF16BE:
		return s.scanText(ctx, loc, decode.NewUTF16Reader(full, decode.Sniff(head)), emit)
	case decode.GzipKind:
		if depth >= s.limits.MaxDepth {
			return fmt.Errorf("%w: archives nested deeper than %d", decode.ErrLimit, s.limits.MaxDepth)
		}
		zr, err := decode.Gunzip(full, *budget)
		if err != nil {
			return fmt.Errorf("gzip: %w", err)
		}
		inner := loc
		inner.Member = joinMember(loc.Member, gunzipName(loc))
		counted := &countingReader{r: zr, budget: budget}
		return s.scanStream(ctx, inner, counted, depth+1, budget, emit)
	case decode.ZipKind:
		if depth >= s.limits.MaxDepth {
			return fmt.Errorf("%w: archives nested deeper than %d", decode.ErrLimit, s.limits.MaxDepth)
		}
		return s.scanZip(ctx, loc, full, depth, budget, emit)
	}
	return s.scanText(ctx, loc, full, emit)
}

// scanZip buffers a zip (bounded) and scans each member.
func (s *Scanner) scanZip(ctx context.Context, loc source.Location, r io.Reader, depth int, budget *int64, emit func(Finding)) error {
	data, err := io.ReadAll(io.LimitReader(r, s.limits.MaxBuffer+1))
	if err != nil {
		return err
	}
	if int64(len(data)) > s.limits.MaxBuffer {
		return fmt.Errorf("%w: zip larger than %d bytes is not read", decode.ErrLimit, s.limits.MaxBuffer)
	}
	var errs []error
	zerr := decode.ZipMembers(bytes.NewReader(data), int64(len(data)), s.limits, func(m decode.Member) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		rc, err := m.Open()
		if err != nil {
			errs = append(errs, fmt.Errorf("member %s: %w", m.Name, err))
			return nil
		}
		defer rc.Close()
		inner := loc
		inner.Member = joinMember(loc.Member, m.Name)
		if err := s.scanStream(ctx, inner, &countingReader{r: rc, budget: budget}, depth+1, budget, emit); err != nil {
			errs = append(errs, fmt.Errorf("member %s: %w", m.Name, err))
			if errors.Is(err, errBudget) {
				return err
			}
		}
		return nil
	})
	return errors.Join(append(errs, zerr)...)
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

var errBudget = fmt.Errorf("%w: decompressed size budget used up", decode.ErrLimit)

// countingReader charges decompressed bytes against a shared budget.
type countingReader struct {
	r      io.Reader
	budget *int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	if *c.budget <= 0 {
		return 0, errBudget
	}
	if int64(len(p)) > *c.budget {
		p = p[:*c.budget]
	}
	n, err := c.r.Read(p)
	*c.budget -= int64(n)
	return n, err
}

// scanText reads r in chunks and scans each.
func (s *Scanner) scanText(ctx context.Context, loc source.Location, r io.Reader, emit func(Finding)) error {
	t := newTextScan(s, loc, emit)
	buf := make([]byte, s.chunk)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		n, err := io.ReadFull(r, buf)
		eof := errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
		t.feed(buf[:n], eof)
		if eof {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
