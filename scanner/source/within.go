package source

import (
	"path/filepath"
	"strings"
)

// Within returns p relative to root, in the system's form, and whether p is root or lies
// under it; a relative p is taken as relative to root. A name that only starts with two dots
// ("..env") lies inside.
func Within(root, p string) (string, bool) {
	if !filepath.IsAbs(p) {
		p = filepath.Join(root, p)
	}
	rel, err := filepath.Rel(root, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return "", false
	}
	return rel, true
}
