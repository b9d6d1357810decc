package decode

import (
	"archive/tar"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// tarEntry is one member written by buildTar.
type tarEntry struct {
	name     string
	data     string
	typeflag byte  // tar.TypeReg unless set
	sparse   int64 // write a GNU sparse (PAX 1.0) member of this real size holding data at offset 0
}

func buildTar(t testing.TB, entries ...tarEntry) []byte {
	t.Helper()
	var b bytes.Buffer
	w := tar.NewWriter(&b)
	for _, e := range entries {
		if e.sparse > 0 {
			writeSparse(t, &b, w, e)
			continue
		}
		h := &tar.Header{Name: e.name, Typeflag: tar.TypeReg, Size: int64(len(e.data)), Mode: 0o644, Format: tar.FormatPAX}
		if e.typeflag != 0 {
			h.Typeflag, h.Size = e.typeflag, 0
			h.Linkname = "target"
		}
		if err := w.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if h.Size > 0 {
			w.Write([]byte(e.data))
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// writeSparse writes a PAX GNU sparse 1.0 member by hand: archive/tar reads them but
// does not write them. Its map holds one region, data at offset 0; the rest are holes.
func writeSparse(t testing.TB, b *bytes.Buffer, w *tar.Writer, e tarEntry) {
	rec := func(k, v string) string {
		s := " " + k + "=" + v + "\n"
		n := len(s) + 1
		for len(strconv.Itoa(n))+len(s) != n {
			n++
		}
		return strconv.Itoa(n) + s
	}
	pax := rec("GNU.sparse.major", "1") + rec("GNU.sparse.minor", "0") + rec("GNU.sparse.name", e.name) +
		rec("GNU.sparse.realsize", strconv.FormatInt(e.sparse, 10))
	at := b.Len()
	if err := w.WriteHeader(&tar.Header{Name: "PaxHeaders/x", Typeflag: tar.TypeReg, Size: int64(len(pax)), Format: tar.FormatUSTAR}); err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(pax))
	w.Flush()
	blk := b.Bytes()[at : at+512]
	blk[156] = tar.TypeXHeader
	copy(blk[148:156], "        ")
	sum := 0
	for _, c := range blk {
		sum += int(c)
	}
	copy(blk[148:156], fmt.Sprintf("%06o\x00 ", sum))
	data := []byte(fmt.Sprintf("1\n0\n%d\n", len(e.data)))
	data = append(data, make([]byte, 512-len(data))...)
	data = append(data, e.data...)
	if err := w.WriteHeader(&tar.Header{Name: "GNUSparseFile.0/" + e.name, Typeflag: tar.TypeReg, Size: int64(len(data)), Format: tar.FormatUSTAR}); err != nil {
		t.Fatal(err)
	}
	w.Write(data)
}

func TestTarMembers(t *testing.T) {
	keys := newKeyGen()
	k1, k2 := keys.key("gp-", 40), keys.key("fastgpt-", 48)
	small := DefaultLimits()
	small.MaxExpanded = 1 << 20
	small.MaxMembers = 2
	for _, tc := range []struct {
		name    string
		tar     func(t *testing.T) []byte
		lim     Limits
		want    []string // "name: content"
		wantErr error
		errText string
	}{
		{
			name: "regular members in order; folders and links passed over",
			tar: func(t *testing.T) []byte {
				return buildTar(t, tarEntry{name: "app/", typeflag: tar.TypeDir}, tarEntry{name: "app/config.js", data: k1},
					tarEntry{name: "app/link", typeflag: tar.TypeSymlink}, tarEntry{name: "../etc/x", data: k2})
			},
			lim:  DefaultLimits(),
			want: []string{"app/config.js: " + k1, "../etc/x: " + k2},
		},
		{
			name: "members past MaxMembers are a limit",
			tar: func(t *testing.T) []byte {
				return buildTar(t, tarEntry{name: "a", data: "1"}, tarEntry{name: "b", data: "2"}, tarEntry{name: "c", data: "3"})
			},
			lim: small, want: []string{"a: 1", "b: 2"}, wantErr: ErrLimit,
		},
		{
			name: "a truncated archive yields what was read, then an error",
			tar: func(t *testing.T) []byte {
				b := buildTar(t, tarEntry{name: "a", data: k1}, tarEntry{name: "b", data: strings.Repeat("x", 4000)})
				return b[:512+512+512+1000]
			},
			lim: DefaultLimits(), want: []string{"a: " + k1, "b: " + strings.Repeat("x", 1000)}, errText: "unexpected EOF",
		},
		{
			name: "a sparse member expanding past the budget stops at it",
			tar: func(t *testing.T) []byte {
				return buildTar(t, tarEntry{name: "holes", data: "abc", sparse: 1 << 40})
			},
			// What was read (the budget's worth, shown cut to 20 bytes) comes before the error.
			lim: small, want: []string{"holes: abc" + strings.Repeat("\x00", 17)}, wantErr: ErrLimit,
		},
		{
			name: "a sparse member within the budget is read whole",
			tar: func(t *testing.T) []byte {
				return buildTar(t, tarEntry{name: "holes", data: "abc", sparse: 6})
			},
			lim: small, want: []string{"holes: abc\x00\x00\x00"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			err := TarMembers(bytes.NewReader(tc.tar(t)), tc.lim, nil, func(m Member) error {
				rc, err := m.Open()
				if err != nil {
					return err
				}
				defer rc.Close()
				data, err := io.ReadAll(rc)
				if len(data) > 1<<20 {
					data = data[:20]
				}
				if len(data) > 0 || err == nil {
					got = append(got, m.Name+": "+string(data))
				}
				return err
			})
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("members (-want +got):\n%s", diff)
			}
			switch {
			case tc.wantErr != nil && !errors.Is(err, tc.wantErr):
				t.Errorf("error %v, want %v", err, tc.wantErr)
			case tc.errText != "" && (err == nil || !strings.Contains(err.Error(), tc.errText)):
				t.Errorf("error %v, want one with %q", err, tc.errText)
			case tc.wantErr == nil && tc.errText == "" && err != nil:
				t.Errorf("error %v", err)
			}
		})
	}
}

func TestSniffTar(t *testing.T) {
	if got := Sniff(buildTar(t, tarEntry{name: "a.txt", data: "hello"})); got != TarKind {
		t.Errorf("Sniff(tar) = %v, want TarKind", got)
	}
	if got := Sniff([]byte(strings.Repeat("ustar ", 100))); got != Text {
		t.Errorf("Sniff(text with ustar) = %v, want Text", got)
	}
}
