package decode

import (
	"archive/zip"
	"compress/flate"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"math"
	"strings"
)

// SkippedError lists archive members that were left unread, and why.
type SkippedError struct {
	Skipped []Skip
}

// Skip is one member left unread.
type Skip struct {
	Name   string
	Reason string
}

// Error lists the first skipped members.
func (e *SkippedError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%v: ", ErrSkipped)
	for i, s := range e.Skipped {
		if i > 0 {
			b.WriteString(", ")
		}
		if i == 8 {
			fmt.Fprintf(&b, "and %d more", len(e.Skipped)-i)
			break
		}
		fmt.Fprintf(&b, "%q (%s)", s.Name, s.Reason)
	}
	return b.String()
}

// Unwrap makes a SkippedError match ErrSkipped.
func (e *SkippedError) Unwrap() error { return ErrSkipped }

// ZipMembers calls fn for each regular member of the zip archive in ra.
//
// Directories and other non-regular members are passed over. Encrypted members
// and members in compression methods archive/zip cannot read are not given to fn;
// they are listed in a returned *SkippedError (wrapping ErrSkipped). After
// lim.MaxMembers members ZipMembers stops with an error wrapping ErrLimit. All
// member readers together draw what they yield from b (a new budget of lim.MaxExpanded
// when b is nil), each member at most lim.MaxMemberExpanded bytes of it when that is set,
// then fail with ErrBudget (wrapping ErrLimit). Member names are reported as stored, "../" and all; they are never
// used as paths. An error from fn stops the walk and is returned as it is.
// Zero limits allow nothing: use DefaultLimits.
func ZipMembers(ra io.ReaderAt, size int64, lim Limits, b *Budget, fn func(Member) error) error {
	maxDir := max(lim.MaxMembers, 1) * dirEntryFactor
	ra, size, cut := boundDirectory(ra, size, maxDir)
	var cutErr error
	if cut {
		cutErr = fmt.Errorf("%w: zip directory lists more than %d entries; only the first %d were read", ErrLimit, maxDir, maxDir)
	}
	zr, err := zip.NewReader(ra, size)
	if err != nil && !(errors.Is(err, zip.ErrInsecurePath) && zr != nil) {
		return fmt.Errorf("zip: %w", err)
	}
	if b == nil {
		b = NewBudget(lim.MaxExpanded)
	}
	var skipped []Skip
	var limErr error
	n := 0
	for _, f := range zr.File {
		if !f.Mode().IsRegular() || strings.HasSuffix(f.Name, "/") {
			continue
		}
		if n >= lim.MaxMembers {
			limErr = fmt.Errorf("%w: zip has more than %d members", ErrLimit, lim.MaxMembers)
			break
		}
		n++
		if reason := unreadable(f); reason != "" {
			skipped = append(skipped, Skip{Name: f.Name, Reason: reason})
			continue
		}
		size := int64(math.MaxInt64)
		if f.UncompressedSize64 < math.MaxInt64 {
			size = int64(f.UncompressedSize64)
		}
		mb := lim.memberBudget(b)
		if err := fn(Member{Name: f.Name, Size: size, Budget: mb, Open: memberOpener(f, mb)}); err != nil {
			return err
		}
	}
	var skipErr error
	if len(skipped) > 0 {
		skipErr = &SkippedError{Skipped: skipped}
	}
	if limErr != nil {
		cutErr = nil // the member limit says it already
	}
	return errors.Join(skipErr, limErr, cutErr)
}

// unreadable says why member f cannot be read, or "" if it can.
func unreadable(f *zip.File) string {
	const encrypted, strongEncrypted = 0x1, 0x40
	switch {
	case f.Flags&(encrypted|strongEncrypted) != 0:
		return "encrypted"
	case f.Method != zip.Store && f.Method != zip.Deflate:
		return fmt.Sprintf("compression method %d", f.Method)
	}
	return ""
}

// memberOpener opens f with its output drawn from b, the member's part of the archive's
// budget. The member
// is decompressed here rather than by archive/zip, whose reader drops the last bytes it
// read when the member's size or checksum is not the one declared: every byte the
// member holds is yielded, and the mismatch is the error that follows them.
func memberOpener(f *zip.File, b *Budget) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) {
		raw, err := f.OpenRaw()
		if err != nil {
			return nil, fmt.Errorf("zip member %q: %w", f.Name, err)
		}
		rc := io.NopCloser(raw)
		if f.Method == zip.Deflate {
			rc = flate.NewReader(raw)
		}
		checked := &checkedReader{r: rc, declared: f.UncompressedSize64, crc: f.CRC32, hash: crc32.NewIEEE()}
		return &memberReader{b.Reader(memberErrs{checked, f.Name}), rc}, nil
	}
}

// checkedReader yields a member's bytes, then, at their end, an error when their count
// or CRC-32 is not the one the archive declares.
type checkedReader struct {
	r        io.Reader
	declared uint64
	n        uint64
	crc      uint32
	hash     hash.Hash32
	pending  error // the end, held back while bytes that came with it are returned
}

func (c *checkedReader) Read(p []byte) (int, error) {
	if c.pending != nil {
		return 0, c.pending
	}
	n, err := c.r.Read(p)
	c.hash.Write(p[:n])
	c.n += uint64(n)
	if err == io.EOF {
		switch {
		case c.n != c.declared:
			err = fmt.Errorf("declares %d bytes and holds %d, all of them scanned", c.declared, c.n)
		case c.crc != 0 && c.hash.Sum32() != c.crc:
			err = fmt.Errorf("%w; its bytes were scanned", zip.ErrChecksum)
		}
	}
	if err != nil && n > 0 {
		c.pending = err
		return n, nil
	}
	if err != nil {
		c.pending = err
	}
	return n, err
}

// memberReader is a bounded member's bytes with the member's Close.
type memberReader struct {
	io.Reader
	c io.Closer
}

func (m *memberReader) Close() error { return m.c.Close() }

// memberErrs adds the member name to errors other than io.EOF.
type memberErrs struct {
	r    io.Reader
	name string
}

func (m memberErrs) Read(p []byte) (int, error) {
	n, err := m.r.Read(p)
	if err != nil && err != io.EOF {
		err = fmt.Errorf("zip member %q: %w", m.name, err)
	}
	return n, err
}
