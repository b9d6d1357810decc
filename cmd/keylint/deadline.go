package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"
)

// deadlineGrace is how long past --timeout a command may take to stop by itself (the
// scan's own stop names how far it got) before the deadline stops it from outside.
const deadlineGrace = 2 * time.Second

// enforceTimeout makes --timeout hold for cmd and its subcommands even where a read
// cannot be cancelled (a FIFO, a hung network file system, a library that takes no
// context): past the deadline the command returns an error and keylint exits 2, leaving
// the blocked read behind.
func enforceTimeout(cmd *cobra.Command) {
	for _, sub := range cmd.Commands() {
		enforceTimeout(sub)
	}
	if cmd.RunE == nil || cmd.Flags().Lookup("timeout") == nil {
		return
	}
	runE := cmd.RunE
	cmd.RunE = func(c *cobra.Command, args []string) error {
		d, err := c.Flags().GetDuration("timeout")
		if err != nil || d <= 0 {
			return runE(c, args)
		}
		done := make(chan error, 1)
		go func() { done <- runE(c, args) }()
		t := time.NewTimer(d + deadlineGrace)
		defer t.Stop()
		select {
		case err := <-done:
			return err
		case <-t.C:
			return fmt.Errorf("stopped after --timeout %s: a read did not return; no report written", d)
		}
	}
}
