package history

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
)

// packObject is one object of a hand-made pack: a blob, or a delta on the object before it.
type packObject struct {
	delta bool
	size  int    // the size its header declares
	body  []byte // inflated content
}

// writePack writes a pack of objs and a version-2 index naming only the last object (as
// top) and returns the objects folder.
func writePack(t *testing.T, objs []packObject) (string, plumbing.Hash) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "objects")
	if err := os.MkdirAll(filepath.Join(dir, "pack"), 0o755); err != nil {
		t.Fatal(err)
	}
	var pk bytes.Buffer
	pk.WriteString("PACK\x00\x00\x00\x02")
	binary.Write(&pk, binary.BigEndian, uint32(len(objs)))
	var offs []int64
	for i, o := range objs {
		off := int64(pk.Len())
		offs = append(offs, off)
		typ, size := byte(plumbing.BlobObject), o.size
		if o.delta {
			typ = byte(plumbing.OFSDeltaObject)
		}
		c := typ<<4 | byte(size&15)
		for size >>= 4; size > 0; size >>= 7 {
			pk.WriteByte(c | 0x80)
			c = byte(size & 0x7f)
		}
		pk.WriteByte(c)
		if o.delta {
			back := off - offs[i-1]
			b := []byte{byte(back & 0x7f)}
			for back >>= 7; back > 0; back >>= 7 {
				back--
				b = append([]byte{0x80 | byte(back&0x7f)}, b...)
			}
			pk.Write(b)
		}
		zw := zlib.NewWriter(&pk)
		zw.Write(o.body)
		zw.Close()
	}
	pk.Write(make([]byte, 20))
	top := plumbing.Hash{0x42, 1}
	var idx bytes.Buffer
	idx.Write([]byte{0xff, 't', 'O', 'c', 0, 0, 0, 2})
	for b := range 256 {
		n := uint32(0)
		if b >= int(top[0]) {
			n = 1
		}
		binary.Write(&idx, binary.BigEndian, n)
	}
	idx.Write(top[:])
	idx.Write(make([]byte, 4)) // crc
	binary.Write(&idx, binary.BigEndian, uint32(offs[len(offs)-1]))
	idx.Write(make([]byte, 40))
	if err := os.WriteFile(filepath.Join(dir, "pack", "pack-x.pack"), pk.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "pack", "pack-x.idx"), idx.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, top
}

// copyAll is a delta that copies its whole base of n bytes.
func copyAll(n int) []byte {
	d := binary.AppendUvarint(nil, uint64(n))
	d = binary.AppendUvarint(d, uint64(n))
	return append(d, 0x90, byte(n))
}

// TestDeltaChainBounds reads chains of deltas from hand-made packs: a chain of git's
// usual depth resolves; a chain deeper than maxChain, or one whose deltas together exceed
// maxChainBytes, is refused with an error before it is read whole.
func TestDeltaChainBounds(t *testing.T) {
	chain := func(depth int, deltaSize int) []packObject {
		objs := []packObject{{size: 1, body: []byte("x")}}
		for range depth {
			body := copyAll(1)
			if deltaSize > 0 {
				body = make([]byte, deltaSize) // the third is refused before it is inflated
			}
			objs = append(objs, packObject{delta: true, size: len(body), body: body})
		}
		return objs
	}
	cases := []struct {
		name string
		objs []packObject
		err  error
	}{
		{"depth 50", chain(50, 0), nil},
		{"deeper than maxChain", chain(maxChain+10, 0), errChainLong},
		{"three deltas of 30 MiB", chain(3, 30<<20), errChainLarge},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir, top := writePack(t, c.objs)
			ps := openPacks(Layout{CommonDir: filepath.Dir(dir)})
			defer ps.close()
			if len(ps.packs) != 1 {
				t.Fatalf("%d packs opened, want 1", len(ps.packs))
			}
			typ, data, err := newObjReader(ps, 1<<20).read(top)
			if c.err != nil {
				if !errors.Is(err, c.err) {
					t.Fatalf("err = %v, want %v", err, c.err)
				}
				return
			}
			if err != nil || typ != plumbing.BlobObject || string(data) != "x" {
				t.Fatalf("read = %v %q %v, want the blob x", typ, data, err)
			}
		})
	}
}

// TestPackFilesNotRegular puts a FIFO where a pack is: openPacks leaves it out, without blocking.
func TestPackFilesNotRegular(t *testing.T) {
	dir, _ := writePack(t, []packObject{{size: 1, body: []byte("x")}})
	pack := filepath.Join(dir, "pack", "pack-x.pack")
	os.Remove(pack)
	if err := syscall.Mkfifo(pack, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	ps := openPacks(Layout{CommonDir: filepath.Dir(dir)})
	defer ps.close()
	if len(ps.packs) != 0 {
		t.Errorf("a FIFO was opened as a pack")
	}
	loose := filepath.Join(dir, "42", "01"+string(bytes.Repeat([]byte("0"), 36)))
	os.MkdirAll(filepath.Dir(loose), 0o755)
	if err := syscall.Mkfifo(loose, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := newObjReader(ps, 1<<20).read(plumbing.Hash{0x42, 1}); !errors.Is(err, errNotHere) {
		t.Errorf("a FIFO loose object: err = %v, want errNotHere", err)
	}
}

// TestPackCutWhileMapped cuts a mapped pack short under the reader: reading the object
// past the new end is an error, not a crash (a fault on the mapping, SIGBUS on Linux).
func TestPackCutWhileMapped(t *testing.T) {
	body := bytes.Repeat([]byte("a blob of some length, so that it spans pages. "), 3000)
	dir, top := writePack(t, []packObject{{size: len(body), body: body}})
	ps := openPacks(Layout{CommonDir: filepath.Dir(dir)})
	defer ps.close()
	if len(ps.packs) != 1 {
		t.Fatalf("%d packs opened", len(ps.packs))
	}
	if ps.packs[0].data == nil {
		t.Skip("packs are not mapped here")
	}
	if err := os.Truncate(filepath.Join(dir, "pack", "pack-x.pack"), 0); err != nil {
		t.Fatal(err)
	}
	ps.packs[0].release() // the pages read so far would otherwise still answer
	_, _, err := newObjReader(ps, 1<<20).read(top)
	if !errors.Is(err, errPackFault) {
		t.Errorf("reading a pack cut short: err = %v, want errPackFault", err)
	}
}
