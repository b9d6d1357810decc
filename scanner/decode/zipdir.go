package decode

import (
	"bytes"
	"encoding/binary"
	"io"
)

// dirEntryFactor is how many central directory entries a zip may list per member read:
// folders are listed too. archive/zip parses every entry at once, about 250 bytes each,
// so the directory is cut to lim.MaxMembers times this before it is parsed.
const dirEntryFactor = 2

// boundDirectory returns ra, or a view of it whose central directory lists only its
// first max entries, when it lists more. archive/zip reads every consecutive entry of the
// directory, whatever the end record claims, so a 64 MiB zip of empty members would cost
// some 330 MB before the first member is read. cut reports whether the view is cut.
func boundDirectory(ra io.ReaderAt, size int64, max int) (view io.ReaderAt, viewSize int64, cut bool) {
	d, ok := findDirectory(ra, size)
	if !ok {
		return ra, size, false
	}
	// Walk the entries, as archive/zip will, up to one past max.
	var hdr [46]byte
	pos, n := d.pos, 0
	for ; n <= max; n++ {
		if _, err := ra.ReadAt(hdr[:], pos); err != nil || string(hdr[:4]) != "PK\x01\x02" {
			break
		}
		if n == max {
			break // one entry too many: cut here
		}
		pos += 46 + int64(binary.LittleEndian.Uint16(hdr[28:])) + int64(binary.LittleEndian.Uint16(hdr[30:])) +
			int64(binary.LittleEndian.Uint16(hdr[32:]))
	}
	if n < max || d.offset > 0xffffffff {
		return ra, size, false
	}
	// The first max entries, then an end record that lists them, placed so that
	// archive/zip computes the same base offset as for the whole archive.
	dirLen := pos - d.pos
	end := make([]byte, 22)
	copy(end, "PK\x05\x06")
	binary.LittleEndian.PutUint16(end[8:], uint16(max))
	binary.LittleEndian.PutUint16(end[10:], uint16(max))
	binary.LittleEndian.PutUint32(end[12:], uint32(dirLen))
	binary.LittleEndian.PutUint32(end[16:], uint32(d.offset))
	head := io.NewSectionReader(ra, 0, pos)
	return &joinedReaderAt{a: head, aLen: pos, b: end}, pos + int64(len(end)), true
}

// directory is where archive/zip will look for a zip's central directory.
type directory struct {
	pos    int64 // where its first entry is
	offset int64 // the offset the end record gives (relative to the archive's base)
}

// findDirectory reads the end record (and the zip64 one it points to) as archive/zip does.
func findDirectory(ra io.ReaderAt, size int64) (directory, bool) {
	tailLen := min(size, 65*1024)
	tail := make([]byte, tailLen)
	if _, err := ra.ReadAt(tail, size-tailLen); err != nil && err != io.EOF {
		return directory{}, false
	}
	i := bytes.LastIndex(tail, []byte("PK\x05\x06"))
	if i < 0 || len(tail)-i < 22 {
		return directory{}, false
	}
	endPos := size - tailLen + int64(i)
	rec := tail[i:]
	records := binary.LittleEndian.Uint16(rec[10:])
	dirSize := int64(binary.LittleEndian.Uint32(rec[12:]))
	offset := int64(binary.LittleEndian.Uint32(rec[16:]))
	if records == 0xffff || dirSize == 0xffff || offset == 0xffffffff {
		// zip64: a locator 20 bytes before the end record names the zip64 end record.
		var loc [20]byte
		if endPos < 20 {
			return directory{}, false
		}
		if _, err := ra.ReadAt(loc[:], endPos-20); err != nil || string(loc[:4]) != "PK\x06\x07" {
			return directory{}, false
		}
		p := int64(binary.LittleEndian.Uint64(loc[8:]))
		var r64 [56]byte
		if p < 0 || p > size-56 {
			return directory{}, false
		}
		if _, err := ra.ReadAt(r64[:], p); err != nil || string(r64[:4]) != "PK\x06\x06" {
			return directory{}, false
		}
		endPos = p
		dirSize = int64(binary.LittleEndian.Uint64(r64[40:]))
		offset = int64(binary.LittleEndian.Uint64(r64[48:]))
	}
	if dirSize < 0 || offset < 0 || dirSize > endPos {
		return directory{}, false
	}
	base := endPos - dirSize - offset
	pos := base + offset
	if base > 0 {
		// archive/zip takes a base of 0 when an entry starts at the offset as given.
		var sig [4]byte
		if _, err := ra.ReadAt(sig[:], offset); err == nil && string(sig[:]) == "PK\x01\x02" {
			pos = offset
		}
	}
	return directory{pos: pos, offset: offset}, true
}

// joinedReaderAt reads a (aLen bytes) followed by b.
type joinedReaderAt struct {
	a    io.ReaderAt
	aLen int64
	b    []byte
}

func (j *joinedReaderAt) ReadAt(p []byte, off int64) (int, error) {
	n := 0
	if off < j.aLen {
		m, err := j.a.ReadAt(p[:min(int64(len(p)), j.aLen-off)], off)
		n += m
		if err != nil && err != io.EOF {
			return n, err
		}
		if m < int(min(int64(len(p)), j.aLen-off)) {
			return n, io.ErrUnexpectedEOF
		}
		p, off = p[m:], off+int64(m)
	}
	if len(p) == 0 {
		return n, nil
	}
	bo := off - j.aLen
	if bo >= int64(len(j.b)) {
		return n, io.EOF
	}
	m := copy(p, j.b[bo:])
	n += m
	if m < len(p) {
		return n, io.EOF
	}
	return n, nil
}
