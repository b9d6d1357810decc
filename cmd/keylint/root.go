package main

import (
	"io"

	"github.com/spf13/cobra"
)

// env is what every command may touch of the outside world.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

func newRootCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:   "keylint",
		Short: "Find leaked GonkaGate and FastGPT API keys",
		Long: "keylint finds GonkaGate (gp-, gpm-) and FastGPT (fastgpt-) API keys in source code, front-end bundles,\n" +
			".env files, archives and git history, and says how to read them from the environment instead.\n\n" +
			"Exit status: 0 nothing found, 1 keys found, 2 usage, configuration or I/O error.",
		Version:       versionLine(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(flagError)
	root.SetVersionTemplate("{{.Version}}\n")
	root.AddCommand(
		newScanCmd(e),
		newGitCmd(e),
		newHookCmd(e),
		newVetCmd(),
		newVersionCmd(e),
	)
	root.AddCommand(newBaselineCmd(e, newGitCmd(e)))
	root.AddCommand(newCICmd(e))
	root.AddCommand(newGitignoreCmd(e))
	root.AddCommand(newExplainCmd(e))
	root.AddCommand(newMergeCmd(e))
	root.AddCommand(newVerifyCmd(e))
	enforceTimeout(root)
	return root
}

// usageError is a mistake in how keylint was called.
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() + " (see keylint --help)" }
func (u usageError) Unwrap() error { return u.err }
