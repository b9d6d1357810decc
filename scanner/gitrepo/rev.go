package gitrepo

import (
	"fmt"
	"strings"
)

// ShortSHA is how reports show a commit: a full hexadecimal SHA cut to 12 characters;
// anything else (a branch name, an abbreviated SHA) as it is.
func ShortSHA(rev string) string {
	if len(rev) > 12 && isHex(rev) {
		return rev[:12]
	}
	return rev
}

// NoCommit reports whether sha names no commit: empty, or git's all-zeros SHA, which
// hooks and CI systems hand over for a ref that does not exist (a new or deleted branch).
func NoCommit(sha string) bool { return strings.Trim(sha, "0") == "" }

// ParseRange splits "BASE..HEAD"; HEAD may be left out ("BASE..") and means HEAD. The error
// names flag, as in "--range".
func ParseRange(flag, rng string) (base, head string, err error) {
	base, head, ok := strings.Cut(rng, "..")
	if !ok || strings.HasPrefix(head, ".") {
		return "", "", fmt.Errorf("%s %q: want BASE..HEAD", flag, rng)
	}
	if head == "" {
		head = "HEAD"
	}
	return base, head, nil
}

func isHex(s string) bool {
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// PushScan is what a push of the ref from → to adds, as a pre-push hook hands the two over:
// the range from..to, or, when from names no commit (a new branch), the commits of to that
// no remote-tracking branch has (unpushed). Both are "" when to names no commit: the push
// deletes a ref and adds nothing.
func PushScan(from, to string) (rng, unpushed string) {
	switch {
	case NoCommit(to):
		return "", ""
	case NoCommit(from):
		return "", to
	}
	return from + ".." + to, ""
}
