//go:build unix && !linux

package source

import (
	"errors"
	"syscall"
)

// openPath opens the file at p with openFlags.
func openPath(p string) (int, error) {
	for {
		fd, err := syscall.Open(p, openFlags, 0)
		if !errors.Is(err, syscall.EINTR) {
			return fd, err
		}
	}
}
