package decode

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"io"
	"io/fs"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// zipEntry is one member written by buildZip.
type zipEntry struct {
	name    string
	data    []byte
	method  uint16 // zip.Deflate unless set
	mode    fs.FileMode
	encrypt bool  // set the encryption flag after writing
	zeros   int64 // write this many zero bytes instead of data
	declare int   // declare this many bytes more (or fewer) than data holds
	badCRC  bool  // declare a wrong CRC-32
}

func buildZip(t testing.TB, entries ...zipEntry) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		if e.mode != 0 {
			h.SetMode(e.mode)
		}
		if e.method != 0 && e.method != zip.Deflate {
			// An unreadable method: write the bytes raw.
			h.Method = e.method
			h.CompressedSize64 = uint64(len(e.data))
			h.UncompressedSize64 = uint64(len(e.data))
			fw, err := w.CreateRaw(h)
			if err != nil {
				t.Fatal(err)
			}
			fw.Write(e.data)
			continue
		}
		if e.declare != 0 || e.badCRC {
			// Sizes and checksum as the test says, not as the data has them.
			var c bytes.Buffer
			fl, _ := flate.NewWriter(&c, flate.BestSpeed)
			fl.Write(e.data)
			fl.Close()
			h.CompressedSize64 = uint64(c.Len())
			h.UncompressedSize64 = uint64(len(e.data) + e.declare)
			h.CRC32 = crc32.ChecksumIEEE(e.data)
			if e.badCRC {
				h.CRC32++
			}
			fw, err := w.CreateRaw(h)
			if err != nil {
				t.Fatal(err)
			}
			fw.Write(c.Bytes())
			continue
		}
		fw, err := w.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if e.zeros > 0 {
			zero := make([]byte, 1<<20)
			for n := e.zeros; n > 0; n -= int64(len(zero)) {
				if _, err := fw.Write(zero[:min(n, int64(len(zero)))]); err != nil {
					t.Fatal(err)
				}
			}
		} else if _, err := fw.Write(e.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	z := b.Bytes()
	for _, e := range entries {
		if !e.encrypt {
			continue
		}
		// The name follows the local header (30 bytes) and the central header (46 bytes);
		// the flags are at offset 6 and 8 of them.
		local := bytes.Index(z, []byte(e.name))
		central := bytes.LastIndex(z, []byte(e.name))
		if local < 30 || central < 46 || local == central {
			t.Fatalf("cannot find %q twice", e.name)
		}
		z[local-30+6] |= 1
		z[central-46+8] |= 1
	}
	return z
}

// readMembers runs ZipMembers and returns each member's name and bytes (or error).
func readMembers(z []byte, lim Limits) (map[string]string, error) {
	got := map[string]string{}
	err := ZipMembers(bytes.NewReader(z), int64(len(z)), lim, nil, func(m Member) error {
		rc, err := m.Open()
		if err != nil {
			got[m.Name] = "open error: " + err.Error()
			return nil
		}
		defer rc.Close()
		data, err := io.ReadAll(rc)
		if err != nil {
			got[m.Name] = string(data) + " read error: " + errors.Unwrap(err).Error()
			return nil
		}
		got[m.Name] = string(data)
		return nil
	})
	return got, err
}

func TestZipMembers(t *testing.T) {
	g := newKeyGen()
	k1, k2 := g.key("gp-", 40), g.key("fastgpt-", 32)
	lim := DefaultLimits()
	small := lim
	small.MaxExpanded = 100
	few := lim
	few.MaxMembers = 2
	tests := []struct {
		name      string
		zip       []byte
		lim       Limits
		want      map[string]string
		wantErrs  []error
		wantSkips []Skip
	}{
		{
			name: "regular members, directories passed over",
			zip: buildZip(t, zipEntry{name: "app/", mode: fs.ModeDir | 0o755}, zipEntry{name: "app/.env", data: []byte("KEY=" + k1)},
				zipEntry{name: "app/main.js", data: []byte("const k = '" + k2 + "'")}, zipEntry{name: "empty.txt"}),
			lim:  lim,
			want: map[string]string{"app/.env": "KEY=" + k1, "app/main.js": "const k = '" + k2 + "'", "empty.txt": ""},
		},
		{
			name: "dot-dot names are only names",
			zip:  buildZip(t, zipEntry{name: "../../etc/cron.d/x", data: []byte(k1)}, zipEntry{name: "/abs/path", data: []byte("a")}),
			lim:  lim,
			want: map[string]string{"../../etc/cron.d/x": k1, "/abs/path": "a"},
		},
		{
			name:      "encrypted member skipped",
			zip:       buildZip(t, zipEntry{name: "secret.bin", data: []byte(k1), encrypt: true}, zipEntry{name: "b.txt", data: []byte("b")}),
			lim:       lim,
			want:      map[string]string{"b.txt": "b"},
			wantErrs:  []error{ErrSkipped},
			wantSkips: []Skip{{Name: "secret.bin", Reason: "encrypted"}},
		},
		{
			name:      "unsupported method skipped",
			zip:       buildZip(t, zipEntry{name: "x.lzma", data: []byte("????"), method: 14}, zipEntry{name: "b.txt", data: []byte("b")}),
			lim:       lim,
			want:      map[string]string{"b.txt": "b"},
			wantErrs:  []error{ErrSkipped},
			wantSkips: []Skip{{Name: "x.lzma", Reason: "compression method 14"}},
		},
		{
			name:     "member limit",
			zip:      buildZip(t, zipEntry{name: "1"}, zipEntry{name: "2"}, zipEntry{name: "3"}, zipEntry{name: "4"}),
			lim:      few,
			want:     map[string]string{"1": "", "2": ""},
			wantErrs: []error{ErrLimit},
		},
		{
			name: "expanded bytes shared by members",
			zip:  buildZip(t, zipEntry{name: "a", data: bytes.Repeat([]byte("a"), 60)}, zipEntry{name: "b", data: bytes.Repeat([]byte("b"), 60)}),
			lim:  small,
			want: map[string]string{"a": string(bytes.Repeat([]byte("a"), 60)),
				"b": string(bytes.Repeat([]byte("b"), 40)) + " read error: " + ErrLimit.Error()},
		},
		{
			name: "a member declaring one byte more than it holds: every byte read, then a note",
			zip:  buildZip(t, zipEntry{name: "a.txt", data: []byte("x " + k1), declare: 1}, zipEntry{name: "b.txt", data: []byte("b")}),
			lim:  lim,
			want: map[string]string{"a.txt": "x " + k1 + " read error: declares 46 bytes and holds 45, all of them scanned", "b.txt": "b"},
		},
		{
			name: "a member declaring one byte less than it holds",
			zip:  buildZip(t, zipEntry{name: "a.txt", data: []byte("x " + k1), declare: -1}),
			lim:  lim,
			want: map[string]string{"a.txt": "x " + k1 + " read error: declares 44 bytes and holds 45, all of them scanned"},
		},
		{
			name: "a member with a wrong CRC-32",
			zip:  buildZip(t, zipEntry{name: "a.txt", data: []byte(k1), badCRC: true}),
			lim:  lim,
			want: map[string]string{"a.txt": k1 + " read error: zip: checksum error; its bytes were scanned"},
		},
		{
			name: "symlink passed over",
			zip:  buildZip(t, zipEntry{name: "link", data: []byte("/etc/passwd"), mode: fs.ModeSymlink | 0o777}),
			lim:  lim,
			want: map[string]string{},
		},
		{
			name: "empty archive",
			zip:  buildZip(t),
			lim:  lim,
			want: map[string]string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readMembers(tt.zip, tt.lim)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("members mismatch (-want +got):\n%s", diff)
			}
			for _, want := range tt.wantErrs {
				if !errors.Is(err, want) {
					t.Errorf("error = %v, want it to wrap %v", err, want)
				}
			}
			if tt.wantErrs == nil && err != nil {
				t.Errorf("error = %v, want none", err)
			}
			var skipped *SkippedError
			errors.As(err, &skipped)
			var gotSkips []Skip
			if skipped != nil {
				gotSkips = skipped.Skipped
			}
			if diff := cmp.Diff(tt.wantSkips, gotSkips); diff != "" {
				t.Errorf("skipped mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestZipMembersBomb(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 100 MB entry")
	}
	z := buildZip(t, zipEntry{name: "zeros.txt", zeros: 100 << 20})
	if len(z) > 1<<20 {
		t.Fatalf("bomb is %d bytes, want it small", len(z))
	}
	lim := DefaultLimits()
	lim.MaxExpanded = 1 << 20
	start := time.Now()
	var read int64
	var readErr error
	err := ZipMembers(bytes.NewReader(z), int64(len(z)), lim, nil, func(m Member) error {
		if m.Size != 100<<20 {
			t.Errorf("Size = %d, want %d", m.Size, 100<<20)
		}
		rc, err := m.Open()
		if err != nil {
			return err
		}
		defer rc.Close()
		read, readErr = io.Copy(io.Discard, rc)
		return nil
	})
	if err != nil {
		t.Fatalf("ZipMembers: %v", err)
	}
	if !errors.Is(readErr, ErrLimit) || read != lim.MaxExpanded {
		t.Errorf("read %d bytes, error %v; want %d bytes and ErrLimit", read, readErr, lim.MaxExpanded)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("reading the bomb took %v", d)
	}
}

func TestZipMembersErrors(t *testing.T) {
	z := buildZip(t, zipEntry{name: "a", data: []byte("a")}, zipEntry{name: "b", data: []byte("b")})
	stop := errors.New("stop")
	calls := 0
	err := ZipMembers(bytes.NewReader(z), int64(len(z)), DefaultLimits(), nil, func(Member) error { calls++; return stop })
	if err != stop || calls != 1 {
		t.Errorf("ZipMembers = %v after %d calls, want %v after 1", err, calls, stop)
	}
	notZip := []byte("this is not a zip archive at all")
	if err := ZipMembers(bytes.NewReader(notZip), int64(len(notZip)), DefaultLimits(), nil, func(Member) error { return nil }); err == nil {
		t.Error("ZipMembers on text: no error")
	}
}

func TestSkippedErrorMessage(t *testing.T) {
	tests := []struct {
		name string
		err  *SkippedError
		want string
	}{
		{"one", &SkippedError{[]Skip{{"a.txt", "encrypted"}}}, `archive members skipped: "a.txt" (encrypted)`},
		{"many", &SkippedError{[]Skip{{"1", "r"}, {"2", "r"}, {"3", "r"}, {"4", "r"}, {"5", "r"}, {"6", "r"}, {"7", "r"}, {"8", "r"}, {"9", "r"}, {"10", "r"}}},
			`archive members skipped: "1" (r), "2" (r), "3" (r), "4" (r), "5" (r), "6" (r), "7" (r), "8" (r), and 2 more`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.err.Error()); diff != "" {
				t.Errorf("Error() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
