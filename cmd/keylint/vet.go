package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/keylint/keylint/analyzer"
	"github.com/keylint/keylint/analyzer/driver"
)

// runVetTool answers `go vet -vettool=keylint`: the unitchecker protocol's -V=full and -flags
// queries and its per-package *.cfg runs. It exits the process itself when it handles args.
func runVetTool(args []string) (code int, handled bool) {
	if !isVetToolCall(args) {
		return 0, false
	}
	// unitchecker reads the command line from os.Args and exits when done.
	os.Args = append([]string{os.Args[0]}, args...)
	unitchecker.Main(analyzer.New(analyzer.Config{}))
	return 0, true // not reached
}

// isVetToolCall reports whether args are how the go command calls a vet tool:
// -V=full, -flags, or flags followed by one *.cfg file.
func isVetToolCall(args []string) bool {
	if len(args) == 0 {
		return false
	}
	switch args[0] {
	case "-V=full", "--V=full", "-flags", "--flags":
		return len(args) == 1
	}
	last := args[len(args)-1]
	if !strings.HasSuffix(last, ".cfg") || strings.HasPrefix(last, "-") {
		return false
	}
	for _, a := range args[:len(args)-1] {
		if !strings.HasPrefix(a, "-") {
			return false
		}
	}
	return true
}

// newVetCmd returns `keylint vet [-fix] [-diff] [packages]`: the Go analyzer on loaded packages,
// returning errFindings when keys remain instead of exiting.
func newVetCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "vet [-fix] [-diff] [-test=false] [-tags list] [analyzer flags] [packages]",
		Short: "Report hard-coded keys in Go packages, and fix them to read the environment",
		Long: "vet runs the keylint Go analyzer, which also sees the constants the compiler folds\n" +
			"(\"gp-\" + rest), on the named packages (default ./...). -fix rewrites the code to read each\n" +
			"key with os.Getenv; -diff prints that rewrite instead. The same analyzer runs under go vet:\n\n" +
			"  go vet -vettool=$(command -v keylint) ./...\n\n" +
			"Flags (single dash, as go vet's):\n" + driver.Usage() + "\n" +
			"Exit status: 0 nothing found (or everything fixed), 1 keys found, 2 error.",
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, a := range args {
				if a == "-h" || a == "-help" || a == "--help" {
					return cmd.Help()
				}
			}
			out, err := driver.Run(args, cmd.OutOrStdout(), cmd.ErrOrStderr())
			switch {
			case errors.Is(err, driver.ErrUsage):
				return usageError{err}
			case err != nil:
				return fmt.Errorf("vet: %w", err)
			case out.Unfixed > 0:
				return errFindings
			}
			return nil
		},
	}
}
