package history

import (
	"bytes"
	"encoding/hex"
	"errors"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

var errBadTree = errors.New("malformed tree object")

// decodeTree parses a tree object's content ("MODE NAME\0" and 20 hash bytes per entry)
// with one allocation for the entries and one for all their names.
func decodeTree(h plumbing.Hash, data []byte) (*object.Tree, error) {
	n := bytes.Count(data, []byte{0})
	entries := make([]object.TreeEntry, 0, n)
	names := string(data) // one copy: the entries' names are slices of it
	for pos := 0; pos < len(data); {
		sp := bytes.IndexByte(data[pos:], ' ')
		if sp <= 0 {
			return nil, errBadTree
		}
		var mode uint32
		for _, c := range data[pos : pos+sp] {
			if c < '0' || c > '7' || mode > 1<<28 {
				return nil, errBadTree
			}
			mode = mode<<3 | uint32(c-'0')
		}
		nameStart := pos + sp + 1
		nul := bytes.IndexByte(data[nameStart:], 0)
		if nul < 0 || nameStart+nul+1+20 > len(data) {
			return nil, errBadTree
		}
		e := object.TreeEntry{Name: names[nameStart : nameStart+nul], Mode: filemode.FileMode(mode)}
		copy(e.Hash[:], data[nameStart+nul+1:])
		entries = append(entries, e)
		pos = nameStart + nul + 1 + 20
	}
	return &object.Tree{Hash: h, Entries: entries}, nil
}

var errBadCommit = errors.New("malformed commit object")

// decodeCommit parses the parts of a commit object a history scan uses: tree, parents,
// author, committer and message; other headers (signatures, encoding) are skipped.
func decodeCommit(h plumbing.Hash, data []byte) (*object.Commit, error) {
	var d commitDecoder
	return d.decode(h, data)
}

// commitDecoder decodes commit objects; its zero value decodes them whole.
type commitDecoder struct {
	// lean leaves out what a walk does not use: the committer and the message.
	lean bool
}

// decode parses commit h's content.
func (d *commitDecoder) decode(h plumbing.Hash, data []byte) (*object.Commit, error) {
	c := &object.Commit{Hash: h}
	for len(data) > 0 {
		nl := bytes.IndexByte(data, '\n')
		if nl < 0 {
			return nil, errBadCommit
		}
		line := data[:nl]
		data = data[nl+1:]
		if len(line) == 0 {
			if !d.lean {
				c.Message = string(data)
			}
			return c, nil
		}
		if line[0] == ' ' {
			continue // the continuation of a multi-line header (gpgsig, mergetag)
		}
		key, val, _ := bytes.Cut(line, []byte{' '})
		switch string(key) {
		case "tree":
			if !parseHash(&c.TreeHash, val) {
				return nil, errBadCommit
			}
		case "parent":
			var p plumbing.Hash
			if !parseHash(&p, val) {
				return nil, errBadCommit
			}
			c.ParentHashes = append(c.ParentHashes, p)
		case "author":
			c.Author.Decode(val)
		case "committer":
			if !d.lean {
				c.Committer.Decode(val)
			}
		}
	}
	return c, nil // no message
}

// parseHash reads a hash written as 40 hex digits (either case, as go-git reads it) into h.
func parseHash(h *plumbing.Hash, hexed []byte) bool {
	if len(hexed) != 2*len(h) {
		return false
	}
	_, err := hex.Decode(h[:], hexed)
	return err == nil
}
