package gitrepo

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"strconv"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
)

// minEntrySize is the smallest an index entry can be: 62 fixed bytes and a name's NUL
// (version 4 names take at least one byte too).
const minEntrySize = 63

// IndexEntry is one entry of a git index: a path staged with its blob, mode and merge stage.
type IndexEntry struct {
	Name  string
	Hash  plumbing.Hash
	Mode  filemode.FileMode
	Stage int
}

// readRaw reads the index file's entries and its cached-tree (TREE) extension, with the
// extension's invalidated folders kept (go-git drops them, which loses the tree's shape;
// Entries < 0 marks one). It is much cheaper than go-git's decoder, which also reads timestamps.
// ok is false when the file cannot be parsed or is a split index; tree is nil when it has no TREE extension.
// err is set when the file is there and cannot be read at all (see ReadIndexFile).
func readRaw(file string) (entries []IndexEntry, tree []index.TreeEntry, exists, ok bool, err error) {
	data, err := ReadIndexFile(file)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil, false, true, nil
	}
	if err != nil {
		return nil, nil, true, false, err
	}
	if len(data) < 12+20 || string(data[:4]) != "DIRC" {
		return nil, nil, true, false, nil
	}
	version := binary.BigEndian.Uint32(data[4:8])
	count := binary.BigEndian.Uint32(data[8:12])
	if version < 2 || version > 4 {
		return nil, nil, true, false, nil
	}
	end := len(data) - 20 // the trailing checksum
	pos := 12
	if uint64(count) > uint64(end-pos)/minEntrySize {
		// More entries than the file has room for: a corrupt or hostile header,
		// which must not size an allocation.
		return nil, nil, true, false, nil
	}
	entries = make([]IndexEntry, 0, count)
	var prev string
	for range count {
		fixed := 62
		if pos+fixed > end {
			return nil, nil, true, false, nil
		}
		flags := binary.BigEndian.Uint16(data[pos+60 : pos+62])
		if version >= 3 && flags&0x4000 != 0 {
			fixed += 2
		}
		e := IndexEntry{Mode: filemode.FileMode(binary.BigEndian.Uint32(data[pos+24 : pos+28])), Stage: int(flags>>12) & 3}
		copy(e.Hash[:], data[pos+40:pos+60])
		p := pos + fixed
		strip := 0
		if version == 4 {
			// A prefix-compressed name: how much of the previous name to drop, then the suffix.
			if p >= end {
				return nil, nil, true, false, nil
			}
			c := data[p]
			p++
			strip = int(c & 0x7f)
			for c&0x80 != 0 {
				if p >= end {
					return nil, nil, true, false, nil
				}
				c = data[p]
				p++
				strip = (strip+1)<<7 | int(c&0x7f)
			}
			if strip > len(prev) {
				return nil, nil, true, false, nil
			}
		}
		nul := bytes.IndexByte(data[p:end], 0)
		if nul < 0 {
			return nil, nil, true, false, nil
		}
		if version == 4 {
			e.Name = prev[:len(prev)-strip] + string(data[p:p+nul])
			pos = p + nul + 1
		} else {
			e.Name = string(data[p : p+nul])
			pos += (p + nul - pos + 8) &^ 7
		}
		prev = e.Name
		entries = append(entries, e)
	}
	for pos+8 <= end {
		sig := string(data[pos : pos+4])
		size := int(binary.BigEndian.Uint32(data[pos+4 : pos+8]))
		body := pos + 8
		if size < 0 || body+size > end {
			break
		}
		switch sig {
		case "TREE":
			tree, _ = parseTree(data[body : body+size])
		case "link":
			return nil, nil, true, false, nil // a split index: the entries are spread over two files
		}
		pos = body + size
	}
	return entries, tree, true, true, nil
}

// parseTree decodes a TREE extension: "path\0entries subtrees\n" followed by a hash when entries >= 0.
func parseTree(b []byte) ([]index.TreeEntry, bool) {
	var out []index.TreeEntry
	for len(b) > 0 {
		nul := bytes.IndexByte(b, 0)
		sp := bytes.IndexByte(b, ' ')
		nl := bytes.IndexByte(b, '\n')
		if nul < 0 || sp < nul || nl < sp {
			return nil, false
		}
		n, err1 := strconv.Atoi(string(b[nul+1 : sp]))
		trees, err2 := strconv.Atoi(string(b[sp+1 : nl]))
		if err1 != nil || err2 != nil || trees < 0 {
			return nil, false
		}
		e := index.TreeEntry{Path: string(b[:nul]), Entries: n, Trees: trees}
		b = b[nl+1:]
		if n >= 0 {
			if len(b) < 20 {
				return nil, false
			}
			copy(e.Hash[:], b[:20])
			b = b[20:]
		}
		out = append(out, e)
	}
	return out, len(out) > 0
}

// CacheTreeIntact reports whether the cached trees start at the root and their subtree counts add up.
func CacheTreeIntact(entries []index.TreeEntry) bool {
	if len(entries) == 0 || entries[0].Path != "" {
		return false
	}
	var span func(i int) int
	span = func(i int) int {
		if i >= len(entries) {
			return -1
		}
		next := i + 1
		for range entries[i].Trees {
			if next = span(next); next < 0 {
				return -1
			}
		}
		return next
	}
	return span(0) == len(entries)
}
