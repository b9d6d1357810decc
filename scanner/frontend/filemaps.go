package frontend

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/keylint/keylint/internal/controlfile"
	"github.com/keylint/keylint/scanner/source"
)

// DefaultMaxMapBytes bounds how much of one source map is read.
const DefaultMaxMapBytes = 64 << 20

// FileMaps finds a script's source map beside it: the map its sourceMappingURL comment
// names (a data: URL or a file beside the script), or else NAME.map beside it, read from
// disk or, for a script read from git, from the same commit's tree (Location.Tree).
type FileMaps struct {
	// MaxBytes bounds one map; 0 means DefaultMaxMapBytes.
	MaxBytes int64
}

// FindMap returns the map of the script at loc.
func (fm FileMaps) FindMap(loc source.Location, script []byte) (string, []byte, error) {
	ref := MapRef(script)
	if data, ok := DataMap(ref); ok {
		return loc.Path, data, nil
	}
	if loc.Member != "" || loc.Path == "-" || loc.Tree == nil && (loc.Commit != nil || loc.Blob != "") {
		return "", nil, nil // no folder to look in
	}
	var candidates []string
	if ref != "" {
		if u, err := url.Parse(ref); err == nil && u.Scheme == "" && u.Host == "" && u.Path != "" {
			p := u.Path
			if !path.IsAbs(p) {
				p = path.Join(path.Dir(loc.Path), p)
			}
			candidates = append(candidates, p)
		}
	}
	candidates = append(candidates, loc.Path+".map")
	for _, p := range candidates {
		data, err := fm.read(loc.Tree, p)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return "", nil, err
		}
		return p, data, nil
	}
	return "", nil, nil
}

// read returns a regular file's bytes, bounded, from tree or else from disk.
func (fm FileMaps) read(tree source.Tree, p string) ([]byte, error) {
	limit := fm.MaxBytes
	if limit <= 0 {
		limit = DefaultMaxMapBytes
	}
	var data []byte
	var err error
	if tree != nil {
		data, err = tree.ReadFile(p, limit)
	} else {
		data, err = readFile(p, limit)
	}
	if err != nil {
		return nil, err
	}
	if !strings.HasPrefix(strings.TrimSpace(string(data[:min(len(data), 64)])), "{") && !strings.HasPrefix(string(data), ")]}") {
		return nil, os.ErrNotExist // not JSON: not a map
	}
	return data, nil
}

// readFile returns the bytes of a regular file on disk, at most limit of them; a FIFO or
// device by that name is no map.
func readFile(p string, limit int64) ([]byte, error) {
	data, err := controlfile.Read(filepath.FromSlash(p), controlfile.Options{Limit: limit, Follow: true})
	if _, over := errors.AsType[*controlfile.TooLargeError](err); over {
		return nil, fmt.Errorf("source map %s is larger than %d bytes", p, limit)
	}
	if errors.Is(err, controlfile.ErrNotRegular) {
		return nil, os.ErrNotExist
	}
	return data, err
}
