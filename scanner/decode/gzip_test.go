package decode

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func gz(t testing.TB, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// noisyText is n bytes of text that compresses poorly.
func noisyText(n int) []byte {
	r := rand.New(rand.NewPCG(5, 6))
	b := make([]byte, n)
	for i := range b {
		b[i] = base62[r.IntN(len(base62))]
		if i%80 == 79 {
			b[i] = '\n'
		}
	}
	return b
}

func TestGunzip(t *testing.T) {
	key := newKeyGen().key("gp-", 40)
	env := []byte("GONKAGATE_API_KEY=" + key + "\n")
	big := noisyText(100 << 10)
	tests := []struct {
		name    string
		in      []byte
		max     int64
		layers  int // times to gunzip
		want    []byte
		wantErr error // matched with errors.Is; nil means none
		prefix  bool  // want only a prefix of want
	}{
		{"simple", gz(t, env), 1 << 20, 1, env, nil, false},
		{"empty", gz(t, nil), 0, 1, nil, nil, false},
		{"exactly max", gz(t, env), int64(len(env)), 1, env, nil, false},
		{"over max", gz(t, env), 10, 1, env[:10], ErrLimit, false},
		{"nothing allowed", gz(t, env), 0, 1, nil, ErrLimit, false},
		{"multistream", append(gz(t, env[:7]), gz(t, env[7:])...), 1 << 20, 1, env, nil, false},
		{"gzip of gzip", gz(t, gz(t, env)), 1 << 20, 2, env, nil, false},
		{"truncated", gz(t, big)[:len(gz(t, big))/2], 1 << 20, 1, big, io.ErrUnexpectedEOF, true},
		{"truncated after header", gz(t, env)[:10], 1 << 20, 1, nil, io.ErrUnexpectedEOF, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r io.Reader = bytes.NewReader(tt.in)
			for range tt.layers {
				var err error
				if r, err = Gunzip(r, NewBudget(tt.max)); err != nil {
					t.Fatalf("Gunzip: %v", err)
				}
			}
			got, err := io.ReadAll(r)
			if tt.wantErr == nil && err != nil || tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("ReadAll error = %v, want %v", err, tt.wantErr)
			}
			want := tt.want
			if tt.prefix {
				if len(got) == 0 || len(got) >= len(want) {
					t.Fatalf("got %d bytes, want some but fewer than %d", len(got), len(want))
				}
				want = want[:len(got)]
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("gunzipped mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestGunzipNotGzip(t *testing.T) {
	for _, in := range []string{"", "plain text", "\x1f\x8b"} {
		if _, err := Gunzip(strings.NewReader(in), NewBudget(100)); err == nil || !strings.Contains(err.Error(), "gunzip") {
			t.Errorf("Gunzip(%q) error = %v, want a gunzip error", in, err)
		}
	}
}
