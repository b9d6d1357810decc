package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/keylint/keylint/internal/atomicfile"
	"github.com/keylint/keylint/scanner/report"
)

func newMergeCmd(e *env) *cobra.Command {
	var output string
	var quiet bool
	cmd := &cobra.Command{
		Use:   "merge REPORT...",
		Short: "Combine JSON or SARIF reports (the shards of one scan) into one",
		Long: "Merge reads keylint JSON or SARIF reports, such as the shards of keylint git --shard I/N, and writes\n" +
			"one report in their format: each key (rule and key hash) once, with every place it was found, and a\n" +
			"finding present in two reports once. The merged SARIF is one run, ready for code scanning upload.\n\n" +
			"Exit status: 0 no keys, 1 keys in the merged report, 2 a report could not be read.",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			docs := make([][]byte, 0, len(args))
			for _, a := range args {
				b, err := os.ReadFile(a)
				if err != nil {
					return fmt.Errorf("reading a report: %w", err)
				}
				docs = append(docs, b)
			}
			out, n, err := report.Merge(docs)
			if err != nil {
				return fmt.Errorf("merging %d reports: %w", len(args), err)
			}
			if output != "" {
				if err := atomicfile.Write(output, out, 0o644); err != nil {
					return err
				}
				if !quiet {
					fmt.Fprintf(e.stderr, "keylint: %d reports merged, %d key(s) written to %s\n", len(args), n, filepath.Clean(output))
				}
			} else if _, err := e.stdout.Write(out); err != nil {
				return fmt.Errorf("writing the report: %w", err)
			}
			if n > 0 {
				return errFindings
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "write the merged report to `FILE` (atomically) instead of standard output")
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "no note on standard error")
	return cmd
}
