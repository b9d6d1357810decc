package singleimport

import "fmt"

// Print prints a hard-coded key.
func Print() {
	fmt.Println("gp-s7GyEKWhumgHwZgPLD7AfpFyjk6sv75A") // want `gp-s7Gy…5A`
}
