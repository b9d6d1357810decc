package history

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// randomTree returns entries in git's order: names from a small alphabet (so that some
// are prefixes of others), folders and files, hashes whose bytes include spaces and NULs.
func randomTree(r *rand.Rand, n int) []object.TreeEntry {
	seen := map[string]bool{}
	var es []object.TreeEntry
	for range n {
		name := ""
		for range 1 + r.IntN(4) {
			name += string("ab. -"[r.IntN(5)])
		}
		if seen[name] {
			continue
		}
		seen[name] = true
		e := object.TreeEntry{Name: name, Mode: filemode.Regular}
		if r.IntN(3) == 0 {
			e.Mode = filemode.Dir
		}
		for i := range e.Hash {
			e.Hash[i] = " \x00a"[r.IntN(3)]
		}
		es = append(es, e)
	}
	sort.Slice(es, func(i, j int) bool { return gitCompare(es[i], es[j]) < 0 })
	return es
}

// mutate changes, adds and removes a few entries.
func mutate(r *rand.Rand, es []object.TreeEntry) []object.TreeEntry {
	out := slices.Clone(es)
	for range 1 + r.IntN(3) {
		if len(out) == 0 {
			break
		}
		i := r.IntN(len(out))
		switch r.IntN(3) {
		case 0:
			out[i].Hash[r.IntN(20)] ^= 1
		case 1:
			out = slices.Delete(out, i, i+1)
		default:
			out[i].Mode = filemode.Executable
		}
	}
	extra := randomTree(r, 2)
	for _, e := range extra {
		if !slices.ContainsFunc(out, func(o object.TreeEntry) bool { return o.Name == e.Name }) {
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool { return gitCompare(out[i], out[j]) < 0 })
	return out
}

// byName is the reference diff: the names whose entries differ, paired by name.
func byName(n, o []object.TreeEntry) []string {
	old := map[string]object.TreeEntry{}
	for _, e := range o {
		old[e.Name] = e
	}
	var out []string
	for _, e := range n {
		if oe, ok := old[e.Name]; !ok || oe.Hash != e.Hash || oe.Mode != e.Mode {
			out = append(out, e.Name)
		}
		delete(old, e.Name)
	}
	for name := range old {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// TestMergeTrees compares the merge over raw trees, which skips their common start and
// end, with pairing entries by name, on random pairs of trees.
func TestMergeTrees(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 3000 {
		n := randomTree(r, r.IntN(30))
		o := mutate(r, n)
		if i%2 == 0 {
			n, o = o, n
		}
		nt, err := parseRawTree(encodeTree(n))
		if err != nil || !nt.sorted {
			t.Fatalf("case %d: parse: %v, sorted %v", i, err, nt.sorted)
		}
		ot, err := parseRawTree(encodeTree(o))
		if err != nil || !ot.sorted {
			t.Fatalf("case %d: parse: %v, sorted %v", i, err, ot.sorted)
		}
		var got []string
		mergeTrees(nt, ot, func(ne, oe treeItem) {
			if ne.name != nil {
				got = append(got, string(ne.name))
			} else {
				got = append(got, string(oe.name))
			}
		})
		// A name that is a file on one side and a folder on the other sorts apart and
		// comes twice, as an addition and a removal.
		sort.Strings(got)
		got = slices.Compact(got)
		if diff := cmp.Diff(byName(n, o), got); diff != "" {
			t.Fatalf("case %d: changed names (-want +got):\n%s", i, diff)
		}
		if diff := cmp.Diff(n, nt.entries(), cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("case %d: entries (-want +got):\n%s", i, diff)
		}
	}
	// Entries out of order are marked, for diffAt to pair them by name.
	es := randomTree(r, 20)
	slices.Reverse(es)
	if rt, err := parseRawTree(encodeTree(es)); err != nil || rt.sorted {
		t.Errorf("a reversed tree: err %v, sorted %v", err, rt.sorted)
	}
}

// TestParseRawTreeLike checks that indexing a tree against a version of it gives what
// indexing it alone gives, on random pairs of trees, unsorted and malformed ones among them.
func TestParseRawTreeLike(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 5000 {
		base := randomTree(r, r.IntN(30))
		next := mutate(r, base)
		switch {
		case i%7 == 0:
			slices.Reverse(next) // out of git's order
		case i%5 == 0 && len(base) > 0:
			// One entry out of place, where the parsed part meets the part taken from base.
			next = slices.Clone(base)
			k := r.IntN(len(next))
			e := next[k]
			e.Name += "~"
			next = slices.Insert(slices.Delete(next, k, k+1), r.IntN(len(next)), e)
		}
		bt, err := parseRawTree(encodeTree(base))
		if err != nil {
			t.Fatalf("case %d: base: %v", i, err)
		}
		data := encodeTree(next)
		if i%11 == 0 && len(data) > 0 {
			data = data[:r.IntN(len(data))] // cut short: malformed
		}
		checkLike(t, fmt.Sprintf("case %d", i), data, bt)
	}
}

// checkLike compares parseRawTreeLike(data, base) with parseRawTree(data).
func checkLike(t *testing.T, name string, data []byte, base *rawTree) {
	t.Helper()
	want, werr := parseRawTree(data)
	got, gerr := parseRawTreeLike(data, base)
	if (werr == nil) != (gerr == nil) {
		t.Fatalf("%s: alone: %v, against a base: %v", name, werr, gerr)
	}
	if werr != nil {
		return
	}
	type view struct {
		Ends   []uint32
		Sorted bool
	}
	if diff := cmp.Diff(view{want.ends, want.sorted}, view{got.ends, got.sorted}, cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("%s: index (-alone +against a base):\n%s", name, diff)
	}
}

// FuzzParseRawTreeLike feeds a tree and a base to index it against.
func FuzzParseRawTreeLike(f *testing.F) {
	f.Add(encodeTree(randomTree(rand.New(rand.NewPCG(5, 6)), 8)), encodeTree(randomTree(rand.New(rand.NewPCG(5, 7)), 8)))
	f.Add([]byte("100644 a\x00aaaaaaaaaaaaaaaaaaaa100644 b\x00bbbbbbbbbbbbbbbbbbbb"), []byte("100644 a\x00aaaaaaaaaaaaaaaaaaaa"))
	f.Fuzz(func(t *testing.T, data, baseData []byte) {
		base, err := parseRawTree(baseData)
		if err != nil {
			return
		}
		checkLike(t, "fuzz", data, base)
	})
}

// BenchmarkMergeTrees diffs two versions of a 2,000-entry folder that differ in one file.
func BenchmarkMergeTrees(b *testing.B) {
	var es []object.TreeEntry
	for i := range 2000 {
		e := object.TreeEntry{Name: fmt.Sprintf("file%05d.go", i), Mode: filemode.Regular}
		e.Hash[0], e.Hash[1] = byte(i), byte(i>>8)
		es = append(es, e)
	}
	changed := slices.Clone(es)
	changed[1234].Hash[5] = 1
	nt, _ := parseRawTree(encodeTree(changed))
	ot, _ := parseRawTree(encodeTree(es))
	for b.Loop() {
		n := 0
		mergeTrees(nt, ot, func(treeItem, treeItem) { n++ })
		if n != 1 {
			b.Fatalf("%d changes", n)
		}
	}
}

// BenchmarkParseRawTree indexes a 2,000-entry tree, as the walk does once per tree read.
func BenchmarkParseRawTree(b *testing.B) {
	var es []object.TreeEntry
	for i := range 2000 {
		es = append(es, object.TreeEntry{Name: fmt.Sprintf("file%05d.go", i), Mode: filemode.Regular})
	}
	data := encodeTree(es)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := parseRawTree(data); err != nil {
			b.Fatal(err)
		}
	}
}
