package aliased

import (
	"fmt"
	xos "os"
)

// Key reads a key, with a hard-coded fallback.
func Key() string {
	if k, ok := xos.LookupEnv("GONKAGATE_API_KEY"); ok {
		return k
	}
	return fmt.Sprint("gp-fd4my7o3GdK8bG7w9llXQ2Zgno6Q1xH3") // want `gp-fd4m…H3`
}
