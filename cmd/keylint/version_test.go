package main

import (
	"runtime/debug"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDescribeBuild(t *testing.T) {
	vcs := func(rev, at, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.time", Value: at}, {Key: "vcs.modified", Value: modified}}
	}
	for _, tc := range []struct {
		name string
		bi   debug.BuildInfo
		want string
	}{
		{"release", debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.1.0"}, Settings: vcs("8e3670cfe003", "2026-12-01T09:35:51Z", "false")},
			"keylint v0.1.0 (revision 8e3670cfe003, 2026-12-01T09:35:51Z), go1.26.8"},
		{"clone with changes", debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-20261201093551-8e3670cfe003+dirty"}, Settings: vcs("8e3670cfe003", "2026-12-01T09:35:51Z", "true")},
			"keylint v0.0.0-20261201093551-8e3670cfe003+dirty (revision 8e3670cfe003, 2026-12-01T09:35:51Z, with uncommitted changes), go1.26.8"},
		{"no vcs", debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}},
			"keylint (devel), go1.26.8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, describeBuild(&tc.bi)); diff != "" {
				t.Errorf("describeBuild (-want +got):\n%s", diff)
			}
		})
	}
}
