package ends

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCommon(t *testing.T) {
	for _, tc := range []struct {
		name             string
		a, b             string
		wantPre, wantSuf int
	}{
		{name: "equal", a: "abc", b: "abc", wantPre: 3},
		{name: "middle differs", a: "abXc", b: "abYYc", wantPre: 2, wantSuf: 1},
		{name: "insertion: the ends do not overlap", a: "aa", b: "aaa", wantPre: 2},
		{name: "nothing shared", a: "abc", b: "xyz"},
		{name: "empty", a: "", b: "abc"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, s := Common([]byte(tc.a), []byte(tc.b))
			if diff := cmp.Diff([2]int{tc.wantPre, tc.wantSuf}, [2]int{p, s}); diff != "" {
				t.Errorf("prefix, suffix (-want +got):\n%s", diff)
			}
		})
	}
}
