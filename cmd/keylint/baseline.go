package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/keylint/keylint/scanner/baseline"
)

// baselineFormat is the internal --format value that makes a scanning command write a baseline.
const baselineFormat = "keylint-baseline"

// newBaselineCmd is `keylint baseline [scan flags] [PATH...]`, and `keylint baseline <sub> [flags]`
// for each scanning command in subs (such as git): the same scan, written as a baseline file.
func newBaselineCmd(e *env, subs ...*cobra.Command) *cobra.Command {
	cmd := asBaseline(e, newScanCmd(e))
	cmd.Use = "baseline [PATH...]"
	cmd.Short = "Record the current findings as accepted, so that --baseline reports only new ones"
	cmd.Long = "Baseline runs a scan (or, as `keylint baseline git ...`, a history scan) and writes its findings\n" +
		"to " + baseline.DefaultPath + " (or --output): fingerprint, rule, path, a SHA-256 of the key and the first\n" +
		"commit, never the key. The file is sorted and has no timestamps; commit it. Every scanning command\n" +
		"then takes --baseline FILE and reports only findings not in it. A finding stays accepted when its\n" +
		"line moves or its file is renamed, as long as the rule and the key are the same."
	for _, sub := range subs {
		sub.Short = "Record the findings of `keylint " + sub.Name() + "` as the baseline"
		cmd.AddCommand(asBaseline(e, sub))
	}
	return cmd
}

// asBaseline turns a scanning command into one that writes a baseline and exits 0 when it found keys.
func asBaseline(e *env, cmd *cobra.Command) *cobra.Command {
	fs := cmd.Flags()
	if f := fs.Lookup("format"); f != nil {
		_ = f.Value.Set(baselineFormat) // not fs.Set: that marks the flag as given by the user
		f.DefValue = baselineFormat
		f.Hidden = true
	}
	if f := fs.Lookup("output"); f != nil {
		_ = f.Value.Set(baseline.DefaultPath)
		f.DefValue = baseline.DefaultPath
		f.Usage = "write the baseline to `FILE`"
	}
	for _, name := range verifyFlagNames() {
		if f := fs.Lookup(name); f != nil {
			f.Hidden = true
		}
	}
	runE := cmd.RunE
	cmd.RunE = func(c *cobra.Command, args []string) error {
		if fs.Changed("format") {
			return usageError{errors.New("keylint baseline writes its own format; --format does not apply")}
		}
		for _, name := range verifyFlagNames() {
			if fs.Changed(name) {
				return usageError{errors.New("keylint baseline records findings and does not verify them; --" + name + " does not apply")}
			}
		}
		err := runE(c, args)
		if errors.Is(err, errFindings) {
			return nil
		}
		if err == nil && !quietFlag(c) {
			fmt.Fprintf(e.stderr, "keylint: no findings; the baseline is empty\n")
		}
		return err
	}
	return cmd
}

func quietFlag(c *cobra.Command) bool {
	q, _ := c.Flags().GetBool("quiet")
	return q
}
