// Command keylint finds leaked GonkaGate and FastGPT API keys in files, archives,
// git history and Go code, and says how to read them from the environment instead.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// interruptGrace is how long keylint waits, after SIGINT or SIGTERM, for the run to stop:
// a scan stops at once, a report or fix being written is finished or removed, so that no
// temporary file is left behind. A second signal stops it at once.
const interruptGrace = 10 * time.Second

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan int, 1)
	go func() { done <- runContext(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr) }()
	select {
	case code := <-done:
		os.Exit(code)
	case sig := <-sigs:
		cancel()
		fmt.Fprintf(os.Stderr, "keylint: %v: stopping\n", sig)
		select {
		case <-done:
		case <-sigs:
		case <-time.After(interruptGrace):
		}
		os.Exit(exitError)
	}
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
	return runContext(context.Background(), args, stdin, stdout, stderr)
}

// runContext is run, stopped early when ctx ends (on SIGINT or SIGTERM).
func runContext(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if code, ok := runVetTool(args); ok {
		return code
	}
	stderr = redacting{w: stderr}
	root := newRootCmd(stdin, stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
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
