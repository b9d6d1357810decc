package fleet

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func repoList(t *testing.T, n int) []Repo {
	t.Helper()
	var rs []Repo
	for i := range n {
		r, err := Parse(fmt.Sprintf("https://git.example.org/team/service-%03d", i))
		if err != nil {
			t.Fatal(err)
		}
		rs = append(rs, r)
	}
	return rs
}

func TestShardsPartitionTheList(t *testing.T) {
	rs := repoList(t, 300)
	seen := map[string]int{}
	for i := 1; i <= 3; i++ {
		part := Shard{I: i, N: 3}.Pick(rs)
		if len(part) < 60 {
			t.Errorf("shard %d/3 holds %d of 300 repositories: badly balanced", i, len(part))
		}
		for _, r := range part {
			seen[r.Key]++
		}
	}
	for _, r := range rs {
		if seen[r.Key] != 1 {
			t.Errorf("%s is in %d shards, want 1", r.Key, seen[r.Key])
		}
	}
}

func TestShardIsStableWhenRepositoriesAreAdded(t *testing.T) {
	rs := repoList(t, 100)
	before := map[string]int{}
	for i := 1; i <= 4; i++ {
		for _, r := range (Shard{I: i, N: 4}).Pick(rs[:50]) {
			before[r.Key] = i
		}
	}
	grown := append(append([]Repo{}, rs[50:]...), rs[:50]...) // new ones first, then the old ones
	for i := 1; i <= 4; i++ {
		for _, r := range (Shard{I: i, N: 4}).Pick(grown) {
			if old, ok := before[r.Key]; ok && old != i {
				t.Errorf("%s moved from shard %d to %d when repositories were added", r.Key, old, i)
			}
		}
	}
}

func TestParseShard(t *testing.T) {
	tests := []struct {
		name, in, index string
		want            Shard
		err             bool
	}{
		{"first", "1/3", "", Shard{1, 3}, false},
		{"last", "3/3", "", Shard{3, 3}, false},
		{"kubernetes index", "auto/4", "0", Shard{1, 4}, false},
		{"kubernetes last index", "auto/4", "3", Shard{4, 4}, false},
		{"index out of range", "auto/4", "4", Shard{}, true},
		{"no index", "auto/4", "", Shard{}, true},
		{"zero", "0/3", "", Shard{}, true},
		{"over", "4/3", "", Shard{}, true},
		{"no slash", "3", "", Shard{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseShard(tt.in, tt.index)
			if (err != nil) != tt.err {
				t.Fatalf("ParseShard(%q, %q) error %v, want error %v", tt.in, tt.index, err, tt.err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("ParseShard (-want +got):\n%s", d)
			}
		})
	}
}
