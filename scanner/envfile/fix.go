package envfile

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/keylint/keylint/internal/atomicfile"
)

// fixComment heads the lines Fix appends.
const fixComment = "# Local environment files hold keys; commit .env.example instead (added by keylint gitignore --fix)"

// Fix appends lines to the .gitignore at root, creating it if needed, keeping its
// content and line endings, and writing it atomically. It writes nothing for no lines.
func Fix(root string, lines []string) error {
	if len(lines) == 0 {
		return nil
	}
	file := filepath.Join(root, ".gitignore")
	old, err := os.ReadFile(file)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("reading %s: %w", file, err)
	}
	eol := "\n"
	if bytes.Contains(old, []byte("\r\n")) {
		eol = "\r\n"
	}
	var b bytes.Buffer
	b.Write(old)
	if len(old) > 0 && !bytes.HasSuffix(old, []byte("\n")) {
		b.WriteString(eol)
	}
	if len(old) > 0 {
		b.WriteString(eol)
	}
	b.WriteString(fixComment + eol)
	for _, l := range lines {
		b.WriteString(l + eol)
	}
	if err := atomicfile.Write(file, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("fixing .gitignore: %w", err)
	}
	return nil
}
