// Package combined has several keys a file, whose fixes are applied together.
package combined

import (
	"fmt"

	"keyparts"
)

// The key is folded from another package, whose import the fix leaves unused.
const joined = keyparts.Prefix + keyparts.Body // want `gpm-kWnx…dg`

// Print prints keys.
func Print() {
	fmt.Println(joined, "gp-0XVXU9cVQy4NuKufVXVvOlZiahIgSZLfT9EwD02Q") // want `gp-0XVX…2Q`
}
