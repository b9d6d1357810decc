package envfile

import (
	"fmt"

	"github.com/keylint/keylint/scanner"
)

// Committed adds, to findings from git history, one committed-env-file finding for each
// .env-style file and commit that brought keys into it, at the first such key.
func Committed(found []scanner.Finding) []scanner.Finding {
	type fileCommit struct{ path, sha string }
	first := map[fileCommit]int{}
	var order []fileCommit
	for i, f := range found {
		c := f.Location.Commit
		if c == nil || f.Location.Member != "" || f.Secret == "" || !IsEnvFile(f.Location.Path) || IsExample(f.Location.Path) {
			continue
		}
		k := fileCommit{f.Location.Path, c.SHA}
		j, seen := first[k]
		if !seen {
			order = append(order, k)
		}
		if !seen || f.Line < found[j].Line {
			first[k] = i
		}
	}
	for _, k := range order {
		f := found[first[k]]
		found = append(found, fileFinding(f, RuleCommittedEnvFile,
			fmt.Sprintf("%s holds a key and was committed to git in %s", k.path, short(k.sha))))
	}
	return found
}
