package history

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/google/go-cmp/cmp"
)

// TestPackReader reads every object of a repository packed by git with deep delta chains
// (and one loose object) through objReader and compares type and content with go-git's.
func TestPackReader(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not on PATH")
	}
	dir := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=Dev", "-c", "user.email=dev@example.com",
			"-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null", "-c", "gc.auto=0"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q")
	var body bytes.Buffer
	for i := range 60 {
		fmt.Fprintf(&body, "line %d of a file that grows a little with every commit\n", i)
		for f := range 3 {
			p := filepath.Join(dir, fmt.Sprintf("d%d/f%d.txt", f, f))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, append(body.Bytes(), fmt.Sprintf("file %d rev %d\n", f, i)...), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		git("add", "-A")
		git("commit", "-q", "-m", fmt.Sprintf("rev %d\n\nwith a body\nover two lines", i))
		if i == 30 {
			git("tag", "-a", "-m", "a tag", "v1")
		}
	}
	git("repack", "-adfq", "--depth=50", "--window=50")
	if err := os.WriteFile(filepath.Join(dir, "loose.txt"), []byte("a loose object\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	git("add", "loose.txt")
	git("commit", "-q", "-m", "loose")

	lay, err := Resolve(dir)
	if err != nil {
		t.Fatal(err)
	}
	ps := openPacks(lay)
	defer ps.close()
	if len(ps.packs) != 1 {
		t.Fatalf("want one pack, got %d", len(ps.packs))
	}
	st := lay.open(1 << 20)
	defer st.Close()
	var hashes []plumbing.Hash
	p := ps.packs[0]
	for i := 0; i < len(p.names)/20; i++ {
		var h plumbing.Hash
		copy(h[:], p.names[20*i:])
		hashes = append(hashes, h)
	}
	iter, err := st.IterEncodedObjects(plumbing.AnyObject)
	if err != nil {
		t.Fatal(err)
	}
	loose := 0
	iter.ForEach(func(o plumbing.EncodedObject) error {
		if _, ok := p.find(o.Hash()); !ok {
			hashes = append(hashes, o.Hash())
			loose++
		}
		return nil
	})
	if loose == 0 {
		t.Fatal("no loose object to read")
	}
	mapped := p.data
	if mapped == nil && runtime.GOOS == "linux" {
		t.Fatal("the pack is not mapped")
	}
	for _, c := range []struct {
		name  string
		setup func()
	}{
		{"mapped, pages dropped after every read", func() { p.data = mapped }},
		{"windows", func() { p.data = nil }},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.setup()
			if c.name != "windows" && mapped == nil {
				t.Skip("packs are not mapped here")
			}
			r := newObjReader(ps, 4<<10) // a small cache: bases are evicted and read again
			readAll(t, st, r, hashes, func() {
				if p.data != nil {
					p.release()
				}
			})
		})
	}
	p.data = mapped
}

// readAll reads every object of hashes through r and compares it with go-git's, calling
// after once after each read.
func readAll(t *testing.T, st *filesystem.Storage, r *objReader, hashes []plumbing.Hash, after func()) {
	t.Helper()
	for _, h := range hashes {
		o, err := st.EncodedObject(plumbing.AnyObject, h)
		if err != nil {
			t.Fatal(err)
		}
		rc, _ := o.Reader()
		want, _ := io.ReadAll(rc)
		rc.Close()
		typ, got, err := r.read(h)
		after()
		if err != nil {
			t.Errorf("%s: %v", h, err)
			continue
		}
		if typ != o.Type() || !bytes.Equal(got, want) {
			t.Errorf("%s: read a %s of %d bytes, go-git a %s of %d bytes", h, typ, len(got), o.Type(), len(want))
		}
		if typ == plumbing.CommitObject {
			c, err := decodeCommit(h, got)
			if err != nil {
				t.Fatalf("commit %s: %v", h, err)
			}
			wc, err := object.DecodeCommit(st, o)
			if err != nil {
				t.Fatal(err)
			}
			type view struct {
				Tree             plumbing.Hash
				Parents          []plumbing.Hash
				Author, Commiter object.Signature
				Message          string
			}
			if diff := cmp.Diff(view{wc.TreeHash, wc.ParentHashes, wc.Author, wc.Committer, wc.Message},
				view{c.TreeHash, c.ParentHashes, c.Author, c.Committer, c.Message}); diff != "" {
				t.Errorf("commit %s (-go-git +decodeCommit):\n%s", h, diff)
			}
			lean := commitDecoder{lean: true}
			lc, err := lean.decode(h, got)
			if err != nil {
				t.Fatalf("commit %s, lean: %v", h, err)
			}
			if diff := cmp.Diff(leanView(wc), leanView(lc)); diff != "" {
				t.Errorf("commit %s (-go-git +lean decode):\n%s", h, diff)
			}
		}
		if typ == plumbing.TreeObject {
			tr, err := decodeTree(h, got)
			if err != nil {
				t.Errorf("tree %s: %v", h, err)
			} else if len(tr.Entries) == 0 {
				t.Errorf("tree %s: no entries", h)
			}
		}
	}
	if _, _, err := r.read(plumbing.NewHash("0123456789012345678901234567890123456789")); err != errNotHere {
		t.Errorf("a missing object: %v, want errNotHere", err)
	}
}

// TestMalformedObjects feeds broken deltas and trees: errors, never a panic.
func TestMalformedObjects(t *testing.T) {
	base := []byte("hello, world")
	cases := []struct {
		name  string
		delta []byte
		ok    bool
	}{
		{"copy all", []byte{12, 12, 0x90, 12}, true},
		{"insert", []byte{12, 2, 2, 'h', 'i'}, true},
		{"empty", nil, false},
		{"wrong base size", []byte{11, 12, 0x90, 12}, false},
		{"copy past the base", []byte{12, 20, 0x91, 4, 16}, false},
		{"insert past the delta", []byte{12, 5, 5, 'a'}, false},
		{"output longer than said", []byte{12, 1, 2, 'a', 'b'}, false},
		{"zero op", []byte{12, 0, 0}, false},
		{"truncated copy", []byte{12, 12, 0x91}, false},
		{"endless size", bytes.Repeat([]byte{0xff}, 20), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := applyDelta(base, c.delta); (err == nil) != c.ok {
				t.Errorf("applyDelta: err = %v, want ok = %v", err, c.ok)
			}
		})
	}
	zero := string(make([]byte, 20))
	trees := []struct {
		name    string
		tree    string
		entries int // -1: an error
	}{
		{"empty", "", 0},
		{"one", "100644 a\x00" + zero, 1},
		{"two", "100644 a\x00" + zero + "40000 d\x00" + zero, 2},
		{"no name end", "100644 a", -1},
		{"short hash", "100644 a\x00" + zero[:5], -1},
		{"bad mode", "10x644 a\x00" + zero, -1},
		{"no mode", " a\x00" + zero, -1},
	}
	for _, c := range trees {
		t.Run("tree "+c.name, func(t *testing.T) {
			tr, err := decodeTree(plumbing.ZeroHash, []byte(c.tree))
			got := -1
			if err == nil {
				got = len(tr.Entries)
			}
			if got != c.entries {
				t.Errorf("decodeTree: %d entries (%v), want %d", got, err, c.entries)
			}
		})
	}
}

func FuzzApplyDelta(f *testing.F) {
	f.Add([]byte("hello, world"), []byte{12, 12, 0x90, 12})
	f.Fuzz(func(t *testing.T, base, delta []byte) {
		out, err := applyDelta(base, delta)
		if err == nil && out == nil {
			t.Fatal("no output and no error")
		}
	})
}

func FuzzDecodeObjects(f *testing.F) {
	f.Add([]byte("100644 a\x00" + string(make([]byte, 20))))
	f.Add([]byte("tree 0123456789012345678901234567890123456789\nauthor A <a@b> 1 +0000\n\nmsg"))
	f.Add([]byte("tree 0123456789012345678901234567890123456789\nparent 0123456789ABCDEF012345678901234567890123\nauthor A B  <a@b> -9223372036854775808 -0530\ncommitter C <c> 2 +1400\n\nmsg"))
	f.Add([]byte("tree 0123456789012345678901234567890123456789\nauthor <> +12 -00x5\n\n"))
	f.Add([]byte("author A <a@b> 9223372036854775808 +0100\n\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		decodeTree(plumbing.ZeroHash, data)
		full, err := decodeCommit(plumbing.ZeroHash, data)
		lean := commitDecoder{lean: true}
		lc, lerr := lean.decode(plumbing.ZeroHash, data)
		if (err == nil) != (lerr == nil) {
			t.Fatalf("full decode: %v, lean decode: %v", err, lerr)
		}
		if err == nil {
			if diff := cmp.Diff(leanView(full), leanView(lc)); diff != "" {
				t.Errorf("(-full +lean):\n%s", diff)
			}
		}
	})
}

// leanView is what a lean commit decode keeps, its dates shown with their zones.
func leanView(c *object.Commit) any {
	type view struct {
		Tree                    plumbing.Hash
		Parents                 []plumbing.Hash
		Name, Email, When, Zone string
	}
	name, off := c.Author.When.Zone()
	return view{c.TreeHash, c.ParentHashes, c.Author.Name, c.Author.Email,
		c.Author.When.Format(time.RFC3339Nano), fmt.Sprintf("%q %d", name, off)}
}

// TestGitCompare checks the tree order against git's: a folder sorts as its name with '/'.
func TestGitCompare(t *testing.T) {
	file := func(n string) object.TreeEntry { return object.TreeEntry{Name: n, Mode: filemode.Regular} }
	dir := func(n string) object.TreeEntry { return object.TreeEntry{Name: n, Mode: filemode.Dir} }
	// The order git writes ("foo.c" < "foo/" < "foo0"; the file "foo" first of all).
	sorted := []object.TreeEntry{file("a"), file("foo"), file("foo-bar"), file("foo.c"), dir("foo"), file("foo0"), dir("z")}
	if !gitSorted(sorted) {
		t.Errorf("git's order is not sorted")
	}
	for i := 1; i < len(sorted); i++ {
		if c := gitCompare(sorted[i], sorted[i-1]); c <= 0 {
			t.Errorf("gitCompare(%q, %q) = %d, want > 0", sorted[i].Name, sorted[i-1].Name, c)
		}
	}
	if gitSorted([]object.TreeEntry{file("b"), file("a")}) || gitSorted([]object.TreeEntry{file("a"), file("a")}) {
		t.Errorf("an unsorted or repeated list counts as sorted")
	}
}

// TestFineTableAfterLookups checks that a walk's packs build the finer table only after a
// share of lookups, so that a short walk of a large repository does not read its whole index.
func TestFineTableAfterLookups(t *testing.T) {
	p, hs := fakePack(rand.New(rand.NewPCG(7, 8)), 1<<17)
	ps := &packs{packs: []*pack{p}}
	ps.lookUpMany()
	for i := range 1<<17/64 - 1 {
		p.position(hs[i])
	}
	if p.fine.Load() != nil {
		t.Fatal("the table was built before its share of lookups")
	}
	p.position(hs[0])
	if p.fine.Load() == nil {
		t.Fatal("no table after its share of lookups")
	}
	for _, h := range hs[:1000] {
		if _, ok := p.position(h); !ok {
			t.Fatalf("%s not found through the table", h)
		}
	}
}

// TestFinePosition checks that the finer fanout table finds every name of an index, and
// no name it lacks, as the interpolation search does.
func TestFinePosition(t *testing.T) {
	for _, n := range []int{0, 1, 7, 2047, 2048, 5000, 70000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(n), 1))
			names := make([]plumbing.Hash, n)
			for i := range names {
				for j := range names[i] {
					names[i][j] = byte(rng.Uint32())
				}
				if i%97 == 1 {
					names[i][0], names[i][1] = 0xff, 0xff // crowd the last prefixes
				}
			}
			slices.SortFunc(names, func(a, b plumbing.Hash) int { return bytes.Compare(a[:], b[:]) })
			names = slices.Compact(names)
			p := &pack{}
			for _, h := range names {
				p.names = append(p.names, h[:]...)
			}
			for i := range p.fanout {
				p.fanout[i] = uint32(sort.Search(len(names), func(k int) bool { return int(names[k][0]) > i }))
			}
			p.indexFinely()
			f := p.fine.Load()
			if n >= 2048 && f == nil {
				t.Fatal("no finer table")
			}
			probe := func(h plumbing.Hash) {
				t.Helper()
				wm, wok := p.position(h)
				fm, fok := wm, wok
				if f != nil {
					fm, fok = p.finePosition(f, h)
					p.fine.Store(nil)
					wm, wok = p.position(h)
					p.fine.Store(f)
				}
				if fm != wm || fok != wok {
					t.Errorf("%s: fine table %d %v, search %d %v", h, fm, fok, wm, wok)
				}
			}
			for i, h := range names {
				probe(h)
				if m, ok := p.position(h); !ok || m != i {
					t.Errorf("%s: at %d %v, want %d", h, m, ok, i)
				}
				h[19] ^= 1
				probe(h)
			}
			probe(plumbing.Hash{})
			probe(plumbing.Hash{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})
		})
	}
}

// TestTouchReleases checks that a mapped pack's pages are dropped once reads have touched
// releaseBytes of it, counted in the chunks a fault maps, whatever the bytes read.
func TestTouchReleases(t *testing.T) {
	const chunks = 4 * releaseBytes / residentChunk
	releases := 0
	p := &pack{data: make([]byte, chunks*residentChunk), release: func() { releases++ }}
	p.touched = make([]atomic.Uint64, (chunks+63)/64)
	for c := range releaseBytes/residentChunk - 1 {
		p.touch(c*residentChunk+100, 10) // a few bytes in each of many chunks
		p.touch(c*residentChunk+200, 10) // the same chunk again: no more memory
	}
	if releases != 0 {
		t.Fatalf("released after %d chunks", releaseBytes/residentChunk-1)
	}
	p.touch(chunks*residentChunk-5, 5) // one more chunk: the budget is reached
	if releases != 1 {
		t.Fatalf("%d releases at the budget, want 1", releases)
	}
	p.touch(0, 3*residentChunk) // chunks touched before the release count again
	if got := p.resident.Load(); got != 3 {
		t.Errorf("%d chunks resident after the release, want 3", got)
	}
	p.touch(0, 2*releaseBytes) // one long read: 125 new chunks fill the budget, then 128 more
	if releases != 3 {
		t.Errorf("%d releases after a read of twice the budget, want 3", releases)
	}
}
