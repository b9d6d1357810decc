package decode

import (
	"compress/gzip"
	"fmt"
	"io"
)

// Gunzip returns the decompressed bytes of r, drawn from b: past it the reader fails with
// ErrBudget (wrapping ErrLimit).
//
// Concatenated gzip members are read as one stream. A truncated or corrupt
// stream yields what could be decompressed and then an error.
func Gunzip(r io.Reader, b *Budget) (io.Reader, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("gunzip: %w", err)
	}
	return b.Reader(gzipErrs{zr}), nil
}

// gzipErrs adds context to errors other than io.EOF from a gzip reader.
type gzipErrs struct{ r io.Reader }

func (g gzipErrs) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	if err != nil && err != io.EOF {
		err = fmt.Errorf("gunzip: %w", err)
	}
	return n, err
}
