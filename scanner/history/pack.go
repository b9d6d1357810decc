package history

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"sync/atomic"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/klauspost/compress/zlib"

	"github.com/keylint/keylint/internal/controlfile"
)

// A history scan reads most objects from pack files. go-git's reader, made for random
// access to any object, keeps per-storage maps that grow with every object read (a
// reverse offset index, the type of each offset) and hashes every object it inflates;
// on 100,000 commits that was half of the CPU and most of the memory. packs is a
// narrower reader: the .idx files are held once for all workers, lookups allocate
// nothing, pack files are mapped (or, where they cannot be, read with ReadAt in windows),
// both safe on several goroutines at once, and each reader keeps a bounded cache of
// inflated objects for delta chains. Anything it
// does not handle (another index version, a missing object, an object past maxInflate)
// is read through go-git instead.

// errNotHere is an object this reader cannot give; the caller asks go-git.
var errNotHere = errors.New("object not in a pack this reader handles")

// Cache budgets of the readers: the walk's (trees and commits, the delta bases of
// the next commits' trees) and each blob worker's.
const (
	walkCacheBytes      = 4 << 20
	readAheadCacheBytes = 1 << 20
	workerCacheBytes    = 2 << 20
)

// maxInflate is the largest object the reader holds whole; larger ones are streamed by go-git.
const maxInflate = 32 << 20

// packs holds the indexes of a repository's pack files; it is immutable once opened.
type packs struct {
	dir   string // the objects folder, for loose objects
	packs []*pack
	keep  atomic.Bool // set when a reader may outlive the scan: close leaves the indexes mapped
}

// keepMapped makes close leave the pack indexes mapped.
func (ps *packs) keepMapped() { ps.keep.Store(true) }

// pack is one pack file and its version-2 index.
type pack struct {
	f     *os.File
	size  int64
	unmap func() // releases the index's memory (and the pack's, when mapped)
	// data is the pack file mapped (nil: it is read in windows); release drops its pages
	// from the process once reads have touched releaseBytes of it (see touch).
	data     []byte
	release  func()
	touched  []atomic.Uint64 // a bit per residentChunk of data read since the last release
	resident atomic.Int64    // how many bits of touched are set
	// fine, once built, is a finer fanout table (see lookUpMany); fineAfter counts down
	// the lookups before it is built (0: it never is).
	fine      atomic.Pointer[fineTable]
	fineAfter atomic.Int64
	fanout    [256]uint32
	names     []byte // 20 bytes per object, sorted
	off32     []byte // 4 bytes per object
	off64     []byte // 8 bytes per large offset
}

// openPacks reads the .idx of every pack under objects/pack; packs it cannot read are
// left to go-git. It never fails: a repository without packs has an empty set.
func openPacks(lay Layout) *packs {
	dir := filepath.Join(lay.CommonDir, "objects")
	ps := &packs{dir: dir}
	names, _ := filepath.Glob(filepath.Join(dir, "pack", "pack-*.idx"))
	sort.Strings(names)
	for _, name := range names {
		if p, err := openPack(name); err == nil {
			ps.packs = append(ps.packs, p)
		}
	}
	return ps
}

// maxIndexBytes and maxPackBytes cap what openPack reads: an index is held whole (24 bytes
// an object: 2 GiB is some 90 million objects), a pack is mapped or read in windows.
const (
	maxIndexBytes = 2 << 30
	maxPackBytes  = 1 << 46
)

// openPack reads a pack's index and opens the pack; either must be a regular file (a FIFO
// or a device in their place is refused without blocking) within its cap.
func openPack(idxPath string) (*pack, error) {
	idx, err := controlfile.Open(idxPath, controlfile.Options{Limit: maxIndexBytes, Follow: true})
	if err != nil {
		return nil, err
	}
	st, err := idx.Stat()
	if err != nil {
		idx.Close()
		return nil, err
	}
	data, unmap, err := mapFile(idx, st.Size())
	idx.Close()
	if err != nil {
		return nil, err
	}
	p, err := parseIndex(idxPath, data)
	if err != nil {
		unmap()
		return nil, err
	}
	p.unmap = unmap
	f, err := controlfile.Open(idxPath[:len(idxPath)-len(".idx")]+".pack", controlfile.Options{Limit: maxPackBytes, Follow: true})
	if err != nil {
		unmap()
		return nil, err
	}
	if st, err = f.Stat(); err != nil {
		f.Close()
		unmap()
		return nil, err
	}
	p.f, p.size = f, st.Size()
	if data, unmapPack, release := mapPack(f, p.size); data != nil {
		p.data, p.release = data, release
		p.touched = make([]atomic.Uint64, (len(data)+64*residentChunk-1)/(64*residentChunk))
		p.unmap = func() { unmap(); unmapPack() }
	}
	return p, nil
}

// releaseBytes is how much of a mapped pack may be the process's memory before its pages
// are dropped (they stay in the page cache): what bounds a mapped pack's share of the
// process's memory.
const releaseBytes = 4 << 20

// residentChunk is the span a read of a mapped page brings into the process: the kernel
// maps the pages around a fault too (64 KiB on Linux), so a read of a few bytes in each of
// many places counts as that many chunks, not as the bytes read.
const residentChunk = 64 << 10

// touch notes that data[off:off+n] was read, dropping the pack's pages from the process
// when the chunks read since the last drop reach releaseBytes.
func (p *pack) touch(off, n int) {
	if p.touched == nil || n <= 0 {
		return
	}
	for c := off / residentChunk; c <= (off+n-1)/residentChunk; c++ {
		bit := uint64(1) << (c % 64)
		if p.touched[c/64].Or(bit)&bit != 0 {
			continue
		}
		if p.resident.Add(1)*residentChunk >= releaseBytes {
			p.resident.Store(0)
			for i := range p.touched {
				p.touched[i].Store(0)
			}
			p.release()
		}
	}
}

// parseIndex reads a version-2 pack index's tables (slices of data).
func parseIndex(idxPath string, data []byte) (*pack, error) {
	const head = 8 + 256*4
	if len(data) < head || !bytes.Equal(data[:8], []byte{0xff, 't', 'O', 'c', 0, 0, 0, 2}) {
		return nil, fmt.Errorf("%s: not a version 2 pack index", idxPath)
	}
	p := &pack{}
	for i := range p.fanout {
		p.fanout[i] = binary.BigEndian.Uint32(data[8+4*i:])
	}
	n := int(p.fanout[255])
	rest := data[head:]
	if len(rest) < n*(20+4+4)+40 {
		return nil, fmt.Errorf("%s: truncated pack index", idxPath)
	}
	p.names = rest[:20*n]
	p.off32 = rest[24*n : 28*n]
	p.off64 = rest[28*n : len(rest)-40]
	return p, nil
}

// close closes the pack files.
func (ps *packs) close() {
	for _, p := range ps.packs {
		p.f.Close()
		if p.unmap != nil && !ps.keep.Load() {
			p.unmap()
		}
	}
}

// find returns the offset of h in the pack.
func (p *pack) find(h plumbing.Hash) (int64, bool) {
	m, ok := p.position(h)
	if !ok {
		return 0, false
	}
	o := binary.BigEndian.Uint32(p.off32[4*m:])
	if o&0x80000000 == 0 {
		return int64(o), true
	}
	k := int(o&0x7fffffff) * 8
	if k+8 > len(p.off64) {
		return 0, false
	}
	return int64(binary.BigEndian.Uint64(p.off64[k:])), true
}

// fineTable is a fanout table on the first bits of an index's names: where the names
// of each prefix start (one more entry marks the end).
type fineTable struct {
	start []uint32
	bits  uint
}

// lookUpMany readies every pack for a walk that looks up most of a repository's objects:
// after some lookups (one for every 64 objects, so that a short walk of a large
// repository does not read its whole index for them), the goroutine making the next one
// builds a finer fanout table, and lookups then read one or two cache lines of a large
// index instead of four or five, each likely a miss. A table takes some 4 bytes per 8
// objects.
func (ps *packs) lookUpMany() {
	for _, p := range ps.packs {
		p.fineAfter.Store(max(int64(len(p.names)/20/64), 1024))
	}
}

// maxFineBits bounds a finer fanout table to 4 MiB.
const maxFineBits = 20

// indexFinely builds the pack's finer fanout table, where one would be finer than the
// index's own fanout.
func (p *pack) indexFinely() {
	n := len(p.names) / 20
	b := uint(8)
	for b < maxFineBits && n>>(b+3) > 0 {
		b++ // about eight names a prefix
	}
	if b <= 8 {
		return // the index's own fanout is as fine
	}
	start := make([]uint32, 1<<b+1)
	k := 0
	for i := range n {
		top := int(binary.BigEndian.Uint32(p.names[20*i:]) >> (32 - b))
		for ; k <= top; k++ {
			start[k] = uint32(i)
		}
	}
	for ; k < len(start); k++ {
		start[k] = uint32(n)
	}
	p.fine.Store(&fineTable{start: start, bits: b})
}

// position returns where h is in the index's sorted names. Object names are uniformly
// spread, so a few interpolation steps land on it (each touching one part of a large
// index, where a binary search touches twenty); a binary search finishes the rest.
func (p *pack) position(h plumbing.Hash) (int, bool) {
	if f := p.fine.Load(); f != nil {
		return p.finePosition(f, h)
	}
	if p.fineAfter.Load() > 0 && p.fineAfter.Add(-1) == 0 {
		p.indexFinely()
	}
	lo := 0
	if h[0] > 0 {
		lo = int(p.fanout[h[0]-1])
	}
	hi := int(p.fanout[h[0]])
	if hi > len(p.names)/20 || lo > hi {
		return 0, false
	}
	key := binary.BigEndian.Uint64(h[:8])
	cmp := func(m int) int {
		name := p.names[20*m : 20*m+20]
		if k := binary.BigEndian.Uint64(name[:8]); k < key {
			return -1
		} else if k > key {
			return 1
		}
		return bytes.Compare(name[8:], h[8:])
	}
	for step := 0; hi-lo > 16 && step < 8; step++ {
		lk, hk := binary.BigEndian.Uint64(p.names[20*lo:]), binary.BigEndian.Uint64(p.names[20*(hi-1):])
		if key < lk || key > hk {
			return 0, false
		}
		if hk == lk {
			break
		}
		m := lo + int(float64(key-lk)/float64(hk-lk)*float64(hi-1-lo))
		m = min(max(m, lo), hi-1)
		switch c := cmp(m); {
		case c == 0:
			return m, true
		case c < 0:
			lo = m + 1
		default:
			hi = m
		}
	}
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		switch c := cmp(m); {
		case c == 0:
			return m, true
		case c < 0:
			lo = m + 1
		default:
			hi = m
		}
	}
	return 0, false
}

// finePosition is position through the finer fanout table.
func (p *pack) finePosition(f *fineTable, h plumbing.Hash) (int, bool) {
	top := binary.BigEndian.Uint32(h[:4]) >> (32 - f.bits)
	lo, hi := int(f.start[top]), int(f.start[top+1])
	// A few names, next to each other: read in order, they cost one or two cache lines.
	key := binary.BigEndian.Uint64(h[:8])
	for m := lo; m < hi; m++ {
		name := p.names[20*m : 20*m+20]
		switch k := binary.BigEndian.Uint64(name); {
		case k < key:
			continue
		case k == key && string(name[8:]) == string(h[8:]):
			return m, true
		case k == key:
			continue // names that share 8 bytes: rare, but possible
		}
		break
	}
	return 0, false
}

// locate returns the pack holding h and the offset there; pack is len(packs) when none does.
func (ps *packs) locate(h plumbing.Hash) (int, int64) {
	for i, p := range ps.packs {
		if off, ok := p.find(h); ok {
			return i, off
		}
	}
	return len(ps.packs), 0
}

// objReader reads objects from packs for one goroutine, with a bounded cache of
// inflated objects keyed by where they lie (delta bases are read again and again).
type objReader struct {
	ps    *packs
	br    *window      // reads packs that are not mapped
	mr    bytes.Reader // reads mapped packs (and lets zlib take its fast path)
	zr    io.ReadCloser
	cache *byteLRU
	// deltas holds, for each depth of a chain, the buffer its last delta was inflated into.
	deltas [][]byte
}

// packBytes is what an object is read from: a mapped pack or a window on one.
type packBytes interface {
	io.Reader
	io.ByteReader
}

// at returns the bytes of pack pi from off on.
func (r *objReader) at(pi int, p *pack, off int64) packBytes {
	if p.data == nil {
		r.br.seek(pi, p, off)
		return r.br
	}
	r.mr.Reset(p.data[off:])
	return &r.mr
}

func newObjReader(ps *packs, cacheBytes int) *objReader {
	return &objReader{ps: ps, br: newWindow(), cache: newByteLRU(cacheBytes)}
}

// errPackFault is a mapped pack or index that could not be read: a file cut short while
// it was mapped (a repository rewritten under the scan, a failing disk).
var errPackFault = errors.New("pack file unreadable where it is mapped")

// read returns the type and content of object h, or errNotHere. What it returns never
// points into a mapped file, so a fault reading one can only happen here, and is an error.
func (r *objReader) read(h plumbing.Hash) (typ plumbing.ObjectType, data []byte, err error) {
	old := debug.SetPanicOnFault(true)
	defer func() {
		debug.SetPanicOnFault(old)
		if p := recover(); p != nil {
			if _, fault := p.(interface{ Addr() uintptr }); !fault {
				panic(p)
			}
			typ, data, err = 0, nil, errPackFault
		}
	}()
	for i, p := range r.ps.packs {
		if off, ok := p.find(h); ok {
			return r.readAt(i, off, 0)
		}
	}
	return r.readLoose(h)
}

// maxChain bounds delta chains (git's default depth is 50, its largest 4095; a loop in a
// corrupt pack ends here), and maxChainBytes the deltas of one chain, which are all held
// while the chain is resolved.
const (
	maxChain      = 4096
	maxChainBytes = 64 << 20
)

var (
	errChainLong  = errors.New("delta chain too long")
	errChainLarge = fmt.Errorf("delta chain holds more than %d MiB of deltas", maxChainBytes>>20)
)

// refused reports whether err is a delta chain the reader refused: the caller does not
// ask go-git either, which would resolve it without bounds.
func refused(err error) bool { return errors.Is(err, errChainLong) || errors.Is(err, errChainLarge) }

// readAt reads the object at off in pack pi, resolving deltas.
func (r *objReader) readAt(pi int, off int64, depth int) (plumbing.ObjectType, []byte, error) {
	return r.readChain(pi, off, depth, 0)
}

// readChain is readAt within a chain of deltas: pending is the size of the deltas it holds.
func (r *objReader) readChain(pi int, off int64, depth int, pending uint64) (plumbing.ObjectType, []byte, error) {
	if depth > maxChain {
		return 0, nil, errChainLong
	}
	key, cacheable := cacheKey(pi, off)
	if cacheable {
		if e, ok := r.cache.get(key); ok {
			return e.typ, e.data, nil
		}
	}
	p := r.ps.packs[pi]
	if off < 0 || off >= p.size {
		return 0, nil, errNotHere
	}
	src := r.at(pi, p, off)
	c, err := src.ReadByte()
	if err != nil {
		return 0, nil, err
	}
	typ := plumbing.ObjectType((c >> 4) & 7)
	size := uint64(c & 15)
	for shift := 4; c&0x80 != 0; shift += 7 {
		if c, err = src.ReadByte(); err != nil {
			return 0, nil, err
		}
		if shift > 56 {
			return 0, nil, errNotHere
		}
		size |= uint64(c&0x7f) << shift
	}
	if size > maxInflate {
		return 0, nil, errNotHere
	}
	var data []byte
	switch typ {
	case plumbing.CommitObject, plumbing.TreeObject, plumbing.BlobObject, plumbing.TagObject:
		if data, err = r.inflate(p, src, int(size)); err != nil {
			return 0, nil, err
		}
	case plumbing.OFSDeltaObject:
		if c, err = src.ReadByte(); err != nil {
			return 0, nil, err
		}
		back := int64(c & 0x7f)
		for c&0x80 != 0 {
			if c, err = src.ReadByte(); err != nil {
				return 0, nil, err
			}
			if back > 1<<48 {
				return 0, nil, errNotHere
			}
			back = (back+1)<<7 | int64(c&0x7f)
		}
		if pending+size > maxChainBytes {
			return 0, nil, errChainLarge
		}
		delta, err := r.inflateDelta(p, src, int(size), depth)
		if err != nil {
			return 0, nil, err
		}
		bt, base, err := r.readChain(pi, off-back, depth+1, pending+size)
		if err != nil {
			return 0, nil, err
		}
		if data, err = applyDelta(base, delta); err != nil {
			return 0, nil, err
		}
		typ = bt
	case plumbing.REFDeltaObject:
		var bh plumbing.Hash
		if _, err := io.ReadFull(src, bh[:]); err != nil {
			return 0, nil, err
		}
		if pending+size > maxChainBytes {
			return 0, nil, errChainLarge
		}
		delta, err := r.inflateDelta(p, src, int(size), depth)
		if err != nil {
			return 0, nil, err
		}
		bp, boff := r.ps.locate(bh)
		if bp == len(r.ps.packs) {
			return 0, nil, errNotHere
		}
		bt, base, err := r.readChain(bp, boff, depth+1, pending+size)
		if err != nil {
			return 0, nil, err
		}
		if data, err = applyDelta(base, delta); err != nil {
			return 0, nil, err
		}
		typ = bt
	default:
		return 0, nil, errNotHere
	}
	// A commit is read once by the walk and is seldom a delta base: only the bases of a
	// chain are kept, not every commit read.
	if cacheable && (typ != plumbing.CommitObject || depth > 0) {
		r.cache.put(key, cached{typ: typ, data: data})
	}
	return typ, data, nil
}

// deltaScratch bounds the delta an objReader inflates into a buffer it keeps for the next
// delta at the same depth of a chain; a larger one gets a buffer of its own.
const deltaScratch = 64 << 10

// inflateDelta is inflate for the delta at depth of a chain, which is garbage once applied.
func (r *objReader) inflateDelta(p *pack, src packBytes, size, depth int) ([]byte, error) {
	if size > deltaScratch || depth >= 64 {
		return r.inflateInto(nil, p, src, size)
	}
	for len(r.deltas) <= depth {
		r.deltas = append(r.deltas, nil)
	}
	data, err := r.inflateInto(r.deltas[depth], p, src, size)
	r.deltas[depth] = data
	return data, err
}

// inflate reads size bytes of zlib data from src, a place in pack p, into a new buffer.
func (r *objReader) inflate(p *pack, src packBytes, size int) ([]byte, error) {
	return r.inflateInto(nil, p, src, size)
}

// inflateInto is inflate into buf when it has room.
func (r *objReader) inflateInto(buf []byte, p *pack, src packBytes, size int) ([]byte, error) {
	at := len(p.data) - r.mr.Len() // where src stands in a mapped pack
	if r.zr == nil {
		zr, err := zlib.NewReader(src)
		if err != nil {
			return nil, err
		}
		r.zr = zr
	} else if err := r.zr.(zlib.Resetter).Reset(src, nil); err != nil {
		return nil, err
	}
	data := buf[:0]
	if cap(buf) < size {
		data = make([]byte, size)
	}
	data = data[:size]
	if _, err := io.ReadFull(r.zr, data); err != nil {
		return nil, fmt.Errorf("inflating an object: %w", err)
	}
	if src == &r.mr {
		p.touch(at, len(p.data)-r.mr.Len()-at)
	}
	return data, nil
}

// readLoose reads a loose object, or returns errNotHere.
func (r *objReader) readLoose(h plumbing.Hash) (plumbing.ObjectType, []byte, error) {
	hex := h.String()
	f, err := controlfile.Open(filepath.Join(r.ps.dir, hex[:2], hex[2:]), controlfile.Options{Limit: maxInflate + 1<<20, Follow: true})
	if err != nil {
		return 0, nil, errNotHere
	}
	defer f.Close()
	zr, err := zlib.NewReader(bufio.NewReader(f))
	if err != nil {
		return 0, nil, errNotHere
	}
	defer zr.Close()
	br := bufio.NewReader(zr)
	hdr, err := br.ReadString(0)
	if err != nil {
		return 0, nil, errNotHere
	}
	var kind string
	var size int
	if _, err := fmt.Sscanf(hdr[:len(hdr)-1], "%s %d", &kind, &size); err != nil || size < 0 || size > maxInflate {
		return 0, nil, errNotHere
	}
	typ, err := plumbing.ParseObjectType(kind)
	if err != nil {
		return 0, nil, errNotHere
	}
	data := make([]byte, size)
	if _, err := io.ReadFull(br, data); err != nil {
		return 0, nil, fmt.Errorf("loose object %s: %w", hex, err)
	}
	return typ, data, nil
}

var errBadDelta = errors.New("malformed delta")

// applyDelta builds an object from its base and a git delta.
func applyDelta(base, delta []byte) ([]byte, error) {
	srcSize, delta, ok := deltaSize(delta)
	if !ok || srcSize != uint64(len(base)) {
		return nil, errBadDelta
	}
	dstSize, delta, ok := deltaSize(delta)
	if !ok || dstSize > maxInflate {
		return nil, errBadDelta
	}
	out := make([]byte, 0, dstSize)
	for len(delta) > 0 {
		op := delta[0]
		delta = delta[1:]
		switch {
		case op&0x80 != 0:
			var off, n uint64
			for i := range 4 {
				if op&(1<<i) != 0 {
					if len(delta) == 0 {
						return nil, errBadDelta
					}
					off |= uint64(delta[0]) << (8 * i)
					delta = delta[1:]
				}
			}
			for i := range 3 {
				if op&(0x10<<i) != 0 {
					if len(delta) == 0 {
						return nil, errBadDelta
					}
					n |= uint64(delta[0]) << (8 * i)
					delta = delta[1:]
				}
			}
			if n == 0 {
				n = 0x10000
			}
			if off+n > uint64(len(base)) || uint64(len(out))+n > dstSize {
				return nil, errBadDelta
			}
			out = append(out, base[off:off+n]...)
		case op != 0:
			n := int(op)
			if n > len(delta) || uint64(len(out)+n) > dstSize {
				return nil, errBadDelta
			}
			out = append(out, delta[:n]...)
			delta = delta[n:]
		default:
			return nil, errBadDelta
		}
	}
	if uint64(len(out)) != dstSize {
		return nil, errBadDelta
	}
	return out, nil
}

// deltaSize reads a delta header's little-endian base-128 size.
func deltaSize(b []byte) (uint64, []byte, bool) {
	var v uint64
	for i, shift := 0, 0; i < len(b) && shift < 64; i, shift = i+1, shift+7 {
		v |= uint64(b[i]&0x7f) << shift
		if b[i]&0x80 == 0 {
			return v, b[i+1:], true
		}
	}
	return 0, nil, false
}
