package decode

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
)

// IsTar reports whether head, the first bytes of a file, is a POSIX (ustar, pax) or GNU
// tar archive: the "ustar" magic at offset 257 of its first header.
func IsTar(head []byte) bool {
	return len(head) >= 263 && string(head[257:262]) == "ustar"
}

// TarMembers calls fn for each regular member of the tar stream r, in order, reading r
// once: a member's Open is valid only while fn runs, and its Size is the size declared.
//
// Folders, links and devices are passed over. A tar does not compress, so its members
// yield no more bytes than r holds; a sparse member, whose holes read as zeros, may
// expand, and what it yields beyond the bytes it takes from r is drawn from b (a new
// budget of lim.MaxExpanded when b is nil), then fails with ErrLimit. After lim.MaxMembers members
// TarMembers stops with an error wrapping ErrLimit. A truncated or corrupt archive ends
// the walk with an error after the members read so far. Member names are reported as
// stored; they are never used as paths. An error from fn stops the walk and is returned
// as it is.
func TarMembers(r io.Reader, lim Limits, b *Budget, fn func(Member) error) error {
	raw := &rawCounter{r: r}
	tr := tar.NewReader(raw)
	if b == nil {
		b = NewBudget(lim.MaxExpanded)
	}
	n := 0
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("tar: %w", err)
		}
		if h.Typeflag != tar.TypeReg && h.Typeflag != tar.TypeGNUSparse {
			continue
		}
		if n >= lim.MaxMembers {
			return fmt.Errorf("%w: tar has more than %d members", ErrLimit, lim.MaxMembers)
		}
		n++
		name := h.Name
		m := &tarMember{tr: tr, raw: raw, start: raw.n, b: b, name: name}
		if err := fn(Member{Name: name, Size: h.Size, Budget: b, Open: func() (io.ReadCloser, error) { return m, nil }}); err != nil {
			return err
		}
		if m.err != nil && !errors.Is(m.err, io.EOF) {
			return m.err
		}
	}
}

// rawCounter counts the bytes read from an archive's stream.
type rawCounter struct {
	r io.Reader
	n int64
}

func (c *rawCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// tarMember is one member's bytes; what it yields beyond the bytes it took from the
// stream (the holes of a sparse member) is drawn from the archive's budget.
type tarMember struct {
	tr      *tar.Reader
	raw     *rawCounter
	start   int64 // raw.n when the member began
	out     int64 // bytes yielded
	charged int64 // expansion drawn from b
	b       *Budget
	name    string
	err     error
}

func (m *tarMember) Read(p []byte) (int, error) {
	if m.err != nil {
		return 0, m.err
	}
	n, err := m.tr.Read(p)
	m.out += int64(n)
	if exp := m.out - (m.raw.n - m.start); exp > m.charged {
		want := exp - m.charged
		if got := m.b.Take(want); got < want {
			m.err = fmt.Errorf("%w: tar member %q expands past %d bytes", ErrLimit, m.name, m.b.Max())
			return n, m.err
		}
		m.charged = exp
	}
	if err != nil && err != io.EOF {
		err = fmt.Errorf("tar member %q: %w", m.name, err)
	}
	m.err = err
	return n, err
}

func (m *tarMember) Close() error { return nil }
