package source

import (
	"errors"
	"strings"
	"syscall"
	"unsafe"
)

// openPath opens the file at p with openFlags.
func openPath(p string) (int, error) { return openAt(atFDCWD, p) }

// atFDCWD is AT_FDCWD: a path relative to the working folder.
const atFDCWD = -0x64

// openAt opens name, relative to the folder open as dirfd (or to the working folder for
// atFDCWD), with openFlags. A name shorter than the buffer is made a C string on the stack,
// so that an open costs no allocation; syscall.Openat would allocate one.
func openAt(dirfd int, name string) (int, error) {
	var buf [512]byte
	if len(name) >= len(buf) {
		for {
			fd, err := syscall.Openat(dirfd, name, openFlags, 0)
			if !errors.Is(err, syscall.EINTR) {
				return fd, err
			}
		}
	}
	if strings.IndexByte(name, 0) >= 0 {
		return -1, syscall.EINVAL // as syscall.Openat says of such a name
	}
	copy(buf[:], name)
	buf[len(name)] = 0
	for {
		// Syscall6 keeps buf where it is until the call returns: it is marked
		// go:uintptrkeepalive and go:nosplit, so the stack cannot move under it.
		fd, _, errno := syscall.Syscall6(syscall.SYS_OPENAT, uintptr(dirfd), uintptr(unsafe.Pointer(&buf[0])), openFlags, 0, 0, 0)
		switch errno {
		case 0:
			return int(fd), nil
		case syscall.EINTR:
			continue
		}
		return -1, errno
	}
}
