package fleet

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
)

// Shard is the I-th of N deterministic slices of a repository list (1 ≤ I ≤ N).
type Shard struct{ I, N int }

// ParseShard reads "I/N"; "auto/N" takes I from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job's
// 0-based index), which index must hold.
func ParseShard(s, index string) (Shard, error) {
	a, b, ok := strings.Cut(s, "/")
	n, err := strconv.Atoi(b)
	if !ok || err != nil || n < 1 {
		return Shard{}, fmt.Errorf("--shard %q: want I/N with 1 ≤ I ≤ N", s)
	}
	if a == "auto" {
		k, err := strconv.Atoi(index)
		if err != nil || k < 0 || k >= n {
			return Shard{}, fmt.Errorf("--shard auto/%d: JOB_COMPLETION_INDEX is %q, want 0 to %d", n, index, n-1)
		}
		return Shard{I: k + 1, N: n}, nil
	}
	i, err := strconv.Atoi(a)
	if err != nil || i < 1 || i > n {
		return Shard{}, fmt.Errorf("--shard %q: want I/N with 1 ≤ I ≤ N", s)
	}
	return Shard{I: i, N: n}, nil
}

// Holds reports whether the repository falls in this shard: by a hash of its normalised
// identity, so a repository stays in its shard when others are added or the list is reordered.
func (s Shard) Holds(r Repo) bool {
	if s.N <= 1 {
		return true
	}
	sum := sha256.Sum256([]byte(r.Key))
	return int(binary.BigEndian.Uint64(sum[:8])%uint64(s.N)) == s.I-1
}

// Pick returns the repositories of the list that fall in this shard, in list order, each once.
func (s Shard) Pick(repos []Repo) []Repo {
	seen := map[string]bool{}
	var out []Repo
	for _, r := range repos {
		if seen[r.Key] || !s.Holds(r) {
			continue
		}
		seen[r.Key] = true
		out = append(out, r)
	}
	return out
}
