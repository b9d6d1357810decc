package main

import (
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

// TestEnforceTimeout checks that --timeout stops a command whose work blocks and takes no
// context, as a read of a FIFO or a hung network file system does.
func TestEnforceTimeout(t *testing.T) {
	block := make(chan struct{})
	defer close(block)
	root := &cobra.Command{Use: "keylint"}
	cmd := &cobra.Command{Use: "stuck", RunE: func(*cobra.Command, []string) error { <-block; return nil }}
	cmd.Flags().Duration("timeout", 0, "")
	root.AddCommand(cmd)
	enforceTimeout(root)
	root.SetArgs([]string{"stuck", "--timeout", "10ms"})
	start := time.Now()
	err := root.Execute()
	if err == nil || !strings.Contains(err.Error(), "stopped after --timeout 10ms") {
		t.Fatalf("Execute = %v, want the --timeout error", err)
	}
	if took := time.Since(start); took > deadlineGrace+5*time.Second {
		t.Errorf("took %s to stop", took)
	}
}
