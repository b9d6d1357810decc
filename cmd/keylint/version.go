package main

import (
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// version is keylint's module version from the build information ("v0.1.0", or a pseudo-version
// Go stamps from the VCS), or "dev" when the build carries none.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// versionLine says which keylint this is: module version, VCS revision and time, whether the
// work tree had changes, and the Go release that built it.
func versionLine() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "keylint dev (no build information)"
	}
	return describeBuild(bi)
}

// describeBuild is versionLine for the given build information.
func describeBuild(bi *debug.BuildInfo) string {
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, at, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = ", with uncommitted changes"
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "keylint %s", v)
	if rev != "" {
		fmt.Fprintf(&b, " (revision %s", rev)
		if at != "" {
			fmt.Fprintf(&b, ", %s", at)
		}
		b.WriteString(dirty + ")")
	}
	fmt.Fprintf(&b, ", %s", bi.GoVersion)
	return b.String()
}

func newVersionCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print keylint's module version, VCS revision and Go version from the build information",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := fmt.Fprintln(e.stdout, versionLine())
			return err
		},
	}
}
