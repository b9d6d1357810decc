package main

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNoteText(t *testing.T) {
	long := strings.Repeat("member name ", 100)
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"plain", errors.New("permission denied"), "permission denied"},
		{"doubled prefix", fmt.Errorf("zip: %w", errors.New("zip: not a valid zip file")), "zip: not a valid zip file"},
		{"lines", errors.New("first\nsecond\r\nthird"), "first; second; third"},
		{"long", errors.New(long), strings.TrimSpace(long)[:(maxNote-1)/2] + "…" + strings.TrimSpace(long)[len(strings.TrimSpace(long))-(maxNote-1-(maxNote-1)/2):]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := noteText(tc.err)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("noteText (-want +got):\n%s", diff)
			}
			if strings.ContainsAny(got, "\r\n") {
				t.Errorf("note spans lines: %q", got)
			}
		})
	}
}

// TestNoteTextKeepsReason checks that a note about a very long path keeps its start and its reason.
func TestNoteTextKeepsReason(t *testing.T) {
	got := noteText(fmt.Errorf("open %s: file name too long", strings.Repeat("d/", 400)))
	if !strings.HasPrefix(got, "open d/d/") || !strings.HasSuffix(got, ": file name too long") || len([]rune(got)) != maxNote {
		t.Errorf("noteText = %q (%d runes), want the start, \"…\" and the reason in %d runes", got, len([]rune(got)), maxNote)
	}
}
