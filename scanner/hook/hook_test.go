package hook

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestInstallUninstall(t *testing.T) {
	const foreign = "#!/bin/sh\necho mine\n"
	tests := []struct {
		name     string
		existing string // the pre-commit hook there before, "" for none
		force    bool
		wantErr  string
		moved    bool
		// after uninstall: the hook left in place, "" for none
		left string
	}{
		{name: "no hook before"},
		{name: "keylint's own is rewritten", existing: Script("/old/keylint")},
		{name: "another is kept", existing: foreign, wantErr: "not written by keylint", left: foreign},
		{name: "another is moved aside with force", existing: foreign, force: true, moved: true, left: foreign},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "hooks")
			p := filepath.Join(dir, "pre-commit")
			if tt.existing != "" {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(tt.existing), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			res, err := Install(dir, "/usr/bin/keylint", tt.force)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Install: %v, want an error holding %q", err, tt.wantErr)
				}
			} else if err != nil {
				t.Fatalf("Install: %v", err)
			} else if b, _ := os.ReadFile(p); string(b) != Script("/usr/bin/keylint") {
				t.Errorf("the hook written is not the script:\n%s", b)
			}
			if (res.MovedTo != "") != tt.moved {
				t.Errorf("MovedTo = %q, want moved %v", res.MovedTo, tt.moved)
			}
			if _, err := Uninstall(dir); err != nil && tt.wantErr == "" {
				t.Fatalf("Uninstall: %v", err)
			}
			b, _ := os.ReadFile(p)
			if diff := cmp.Diff(tt.left, string(b)); diff != "" {
				t.Errorf("hook after uninstall (-want +got):\n%s", diff)
			}
		})
	}
}
