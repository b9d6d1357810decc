// Command keylint finds leaked GonkaGate and FastGPT API keys in files, archives,
// git history and Go code, and says how to read them from the environment instead.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// Exit statuses.
const (
	exitClean    = 0
	exitFindings = 1
	exitError    = 2
)

// errFindings is returned by a command that ran well and found keys.
var errFindings = errors.New("keys found")

// run executes keylint with args and returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if code, ok := runVetTool(args); ok {
		return code
	}
	stderr = redacting{w: stderr}
	root := newRootCmd(stdin, stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	switch {
	case err == nil:
		return exitClean
	case errors.Is(err, errFindings):
		return exitFindings
	default:
		var ex exitCodeError
		if errors.As(err, &ex) {
			return int(ex)
		}
		fmt.Fprintf(stderr, "keylint: %v\n", err)
		return exitError
	}
}

// exitCodeError carries an exit status chosen by a command that already said why.
type exitCodeError int

func (e exitCodeError) Error() string { return fmt.Sprintf("exit status %d", int(e)) }
