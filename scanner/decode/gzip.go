package decode

import (
	"compress/gzip"
	"fmt"
	"io"
)

// Gunzip returns the decompressed bytes of r, failing with ErrLimit after max bytes.
//
// Concatenated gzip members are read as one stream. A truncated or corrupt
// stream yields what could be decompressed and then an error; max <= 0 allows nothing.
func Gunzip(r io.Reader, max int64) (io.Reader, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("gunzip: %w", err)
	}
	return &limitReader{r: gzipErrs{zr}, b: newBudget(max), what: "gzip stream"}, nil
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
