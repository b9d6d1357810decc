package driver

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestUnified(t *testing.T) {
	tests := []struct {
		name, old, new, want string
	}{
		{"equal", "a\nb\n", "a\nb\n", ""},
		{
			name: "one change with context",
			old:  "1\n2\n3\n4\n5\n6\n7\n8\n",
			new:  "1\n2\n3\n4\nfive\n6\n7\n8\n",
			want: "--- f.go (old)\n+++ f.go (new)\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n",
		},
		{
			name: "two hunks",
			old:  "a\n1\n2\n3\n4\n5\n6\n7\n8\n9\nz\n",
			new:  "A\n1\n2\n3\n4\n5\n6\n7\n8\n9\nZ\n",
			want: "--- f.go (old)\n+++ f.go (new)\n@@ -1,4 +1,4 @@\n-a\n+A\n 1\n 2\n 3\n@@ -8,4 +8,4 @@\n 7\n 8\n 9\n-z\n+Z\n",
		},
		{
			name: "insertion",
			old:  "a\nc\n",
			new:  "a\nb\nc\n",
			want: "--- f.go (old)\n+++ f.go (new)\n@@ -1,2 +1,3 @@\n a\n+b\n c\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, unified("f.go", tt.old, tt.new, func(s string) string { return s })); diff != "" {
				t.Errorf("unified (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFits(t *testing.T) {
	accepted := map[string][]fileEdit{"a.go": {{10, 20, "x"}, {0, 0, "import"}}}
	tests := []struct {
		name     string
		proposed map[string][]fileEdit
		want     bool
	}{
		{"identical import", map[string][]fileEdit{"a.go": {{0, 0, "import"}, {30, 40, "y"}}}, true},
		{"overlap", map[string][]fileEdit{"a.go": {{15, 25, "y"}}}, false},
		{"two insertions at one place", map[string][]fileEdit{"a.go": {{0, 0, "other"}}}, true},
		{"an insertion where a replacement starts", map[string][]fileEdit{"a.go": {{10, 10, "z"}}}, false},
		{"adjacent", map[string][]fileEdit{"a.go": {{20, 22, "y"}}}, true},
		{"other file", map[string][]fileEdit{"b.go": {{10, 20, "y"}}}, true},
	}
	for _, tt := range tests {
		if got := fits(accepted, tt.proposed); got != tt.want {
			t.Errorf("%s: fits = %v, want %v", tt.name, got, tt.want)
		}
	}
}
