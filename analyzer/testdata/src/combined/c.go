package combined

import (
	"fmt"
	"strings"
)

const (
	one   = "gp-fIxMNPztWaJfskoCE0Zt6sovzfG903sZXEde1Nt0"                      // want `gp-fIxM…t0`
	two   = "fastgpt-bvfmbNGjBlLUEL6VH8bxFZltKLS8BuihmmmhMZ73xDm1g9uVlAKkvUb7" // want `fastgpt-bvfm…b7`
	three = "gp-PfCcDODVGQClo8vcEXV0JBlBVUJPrbfhnGIAABn9"                      // want `no automatic fix: three is used in a constant expression`
)

var buf [len(three)]byte

// Keys prints the keys.
func Keys() {
	fmt.Println(strings.ToUpper(one), two, buf)
}
