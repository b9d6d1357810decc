// Package decode turns encoded bytes into the text they hold: UTF-16, gzip, zip
// members, base64 runs and string escapes. Every decoder is bounded in depth and size.
package decode

import (
	"errors"
	"io"
)

// Kind is what a file's first bytes say it is.
type Kind int

// Kinds of content.
const (
	Text Kind = iota
	UTF16LE
	UTF16BE
	GzipKind
	ZipKind
	Binary
	TarKind
)

// Limits bounds the work of decoding one top-level item.
type Limits struct {
	// MaxDepth is how many archives may nest (a zip in a gzip is depth 2).
	MaxDepth int
	// MaxExpanded is how many decompressed bytes one top-level item may yield in all.
	MaxExpanded int64
	// MaxMemberExpanded, when set, is how many of those bytes one zip member may yield, so
	// that a bomb in one member leaves the others read.
	MaxMemberExpanded int64
	// MaxMembers is how many archive members are read per archive.
	MaxMembers int
	// MaxBuffer is the largest archive held in memory to read a zip inside another archive.
	MaxBuffer int64
}

// DefaultLimits are generous for real archives and cheap for bombs.
func DefaultLimits() Limits {
	return Limits{MaxDepth: 3, MaxExpanded: 256 << 20, MaxMembers: 10000, MaxBuffer: 64 << 20}
}

// ErrLimit is wrapped by errors that stop decoding at a limit.
var ErrLimit = errors.New("decode limit reached")

// ErrSkipped is wrapped by errors that report archive members left unread.
var ErrSkipped = errors.New("archive members skipped")

// Member is one file inside an archive.
type Member struct {
	Name string
	Size int64
	// Budget is what the member's bytes draw from; decoders inside the member draw from it too.
	Budget *Budget
	Open   func() (io.ReadCloser, error)
}

// Span is encoded text inside a larger text, with what it decodes to.
type Span struct {
	Start, End int
	Data       []byte
	Encoding   string
}

// Encodings a Span may report.
const (
	EncBase64    = "base64"
	EncBase64URL = "base64url"
	EncEscape    = "json-escape"
)
