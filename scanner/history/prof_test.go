package history_test

import (
	"context"
	"os"
	"testing"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/history"
)

func TestProfileRepo(t *testing.T) {
	dir := os.Getenv("KEYLINT_PROFILE_REPO")
	if dir == "" {
		t.Skip("KEYLINT_PROFILE_REPO not set")
	}
	sc := newScanner(t)
	n := 0
	sum, err := history.Scan(context.Background(), sc, history.Options{Repo: dir}, func(scanner.Finding) { n++ }, nil)
	t.Logf("%+v %d %v", sum, n, err)
}
