package decode

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestBudgetSub(t *testing.T) {
	for _, tc := range []struct {
		name       string
		parent     int64
		sub        int64
		takes      []int64 // taken from the sub, in turn
		wantGot    []int64
		wantLeft   [2]int64 // parent, sub
		giveBack   int64
		wantAfterB [2]int64
	}{
		{name: "the sub's cap binds", parent: 100, sub: 30, takes: []int64{20, 20}, wantGot: []int64{20, 10}, wantLeft: [2]int64{70, 0}, giveBack: 5, wantAfterB: [2]int64{75, 5}},
		{name: "the parent binds", parent: 25, sub: 30, takes: []int64{20, 20}, wantGot: []int64{20, 5}, wantLeft: [2]int64{0, 0}, giveBack: 10, wantAfterB: [2]int64{10, 10}},
		{name: "nothing allowed", parent: 0, sub: 30, takes: []int64{1}, wantGot: []int64{0}, wantLeft: [2]int64{0, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := NewBudget(tc.parent)
			s := p.Sub(tc.sub)
			var got []int64
			for _, n := range tc.takes {
				got = append(got, s.Take(n))
			}
			if diff := cmp.Diff(tc.wantGot, got); diff != "" {
				t.Errorf("granted (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantLeft, [2]int64{p.Left(), s.Left()}); diff != "" {
				t.Errorf("left, parent and sub (-want +got):\n%s", diff)
			}
			if tc.giveBack > 0 {
				s.GiveBack(tc.giveBack)
				if diff := cmp.Diff(tc.wantAfterB, [2]int64{p.Left(), s.Left()}); diff != "" {
					t.Errorf("left after giving back (-want +got):\n%s", diff)
				}
			}
		})
	}
}

func TestBudgetReader(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      string
		max     int64
		want    string
		wantErr error
	}{
		{name: "under", in: "abc", max: 10, want: "abc"},
		{name: "exactly the budget: no error", in: "abcde", max: 5, want: "abcde"},
		{name: "over", in: "abcdef", max: 5, want: "abcde", wantErr: ErrBudget},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := io.ReadAll(NewBudget(tc.max).Reader(strings.NewReader(tc.in)))
			if diff := cmp.Diff(tc.want, string(got)); diff != "" {
				t.Errorf("read (-want +got):\n%s", diff)
			}
			if !errors.Is(err, tc.wantErr) || tc.wantErr == nil && err != nil {
				t.Errorf("error %v, want %v", err, tc.wantErr)
			}
			if tc.wantErr != nil && !errors.Is(err, ErrLimit) {
				t.Errorf("error %v does not wrap ErrLimit", err)
			}
		})
	}
}

// TestBudgetNested checks that the decoders inside a zip member draw from the member's
// part of the one budget: the holes of a sparse tar member inside it are counted.
func TestBudgetNested(t *testing.T) {
	tr := buildTar(t, tarEntry{name: "holes.bin", data: "abc", sparse: 600})
	z := buildZip(t, zipEntry{name: "inner.tar", data: tr})
	for _, tc := range []struct {
		name      string
		perMember int64
		wantRead  int64
		wantLimit bool
	}{
		{name: "member part too small for the holes", perMember: int64(len(tr)) + 100, wantLimit: true},
		{name: "member part large enough", perMember: int64(len(tr)) + 1000, wantRead: 600},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lim := DefaultLimits()
			lim.MaxExpanded, lim.MaxMemberExpanded = 1<<20, tc.perMember
			b := NewBudget(lim.MaxExpanded)
			var read int64
			var readErr error
			err := ZipMembers(bytes.NewReader(z), int64(len(z)), lim, b, func(m Member) error {
				rc, err := m.Open()
				if err != nil {
					return err
				}
				defer rc.Close()
				return TarMembers(rc, lim, m.Budget, func(inner Member) error {
					irc, _ := inner.Open()
					read, readErr = io.Copy(io.Discard, irc)
					return nil
				})
			})
			if tc.wantLimit {
				if !errors.Is(err, ErrLimit) && !errors.Is(readErr, ErrLimit) {
					t.Errorf("errors %v, %v; want a limit", err, readErr)
				}
				return
			}
			if err != nil || readErr != nil || read != tc.wantRead {
				t.Errorf("read %d, errors %v, %v; want %d bytes", read, err, readErr, tc.wantRead)
			}
			if used := lim.MaxExpanded - b.Left(); used < 600 {
				t.Errorf("the budget was charged %d bytes, want the member and its holes", used)
			}
		})
	}
}
