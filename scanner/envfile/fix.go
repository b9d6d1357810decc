package envfile

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/keylint/keylint/internal/atomicfile"
	"github.com/keylint/keylint/internal/controlfile"
	"github.com/keylint/keylint/scanner/gitrepo"
)

// fixComment heads the lines Fix appends.
const fixComment = "# Local environment files hold keys; commit .env.example instead (added by keylint gitignore --fix)"

// Fix appends lines to the .gitignore at root, creating it if needed, keeping its
// content and line endings, and writing it atomically. It writes nothing for no lines.
// It refuses a .gitignore that is a symbolic link (git does not read one, and writing
// would copy the file it points to into the repository) or not a regular file.
func Fix(root string, lines []string) error {
	if len(lines) == 0 {
		return nil
	}
	file := filepath.Join(root, ".gitignore")
	old, err := controlfile.Read(file, controlfile.Options{Limit: gitrepo.MaxIgnoreFile})
	if errors.Is(err, controlfile.ErrSymlink) {
		return fmt.Errorf("not fixing %s: it is a symbolic link, which git does not read; replace it with a regular file", file)
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("not fixing .gitignore: %w", err)
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
