//go:build linux

package source

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io/fs"
	"os"
	"syscall"
)

// readFolder calls each with the path (prefix and name), name and type of every entry of
// folder dir, until each returns false. It reads the entries with getdents64 into the
// goroutine's buffer, so that an entry costs one allocation (its path) and no stat unless the
// file system does not say the entry's type.
func readFolder(dir, prefix string, sc *scratch, each func(p, name string, typ os.FileMode) bool) error {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(dir, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		return &os.PathError{Op: "open", Path: dir, Err: err}
	}
	if sc.held != nil && sc.held.take() {
		// Held open until its files are opened by their names in it.
		sc.dir = holdDir(fd, sc.held)
		defer func() {
			sc.dir.release()
			sc.dir = nil
		}()
	} else {
		defer syscall.Close(fd)
	}
	if sc.buf == nil {
		sc.buf = make([]byte, 8192)
	}
	for {
		n, err := syscall.ReadDirent(fd, sc.buf)
		if errors.Is(err, syscall.EINTR) {
			continue
		}
		if err != nil {
			return &os.PathError{Op: "readdirent", Path: dir, Err: err}
		}
		if n <= 0 {
			return nil
		}
		// struct linux_dirent64: ino (8 bytes), off (8), reclen (2), type (1), name.
		for rec := sc.buf[:n]; len(rec) > 0; {
			if len(rec) < 19 {
				return &os.PathError{Op: "readdirent", Path: dir, Err: syscall.EIO}
			}
			reclen := int(binary.NativeEndian.Uint16(rec[16:18]))
			if reclen < 19 || reclen > len(rec) {
				return &os.PathError{Op: "readdirent", Path: dir, Err: syscall.EIO}
			}
			name, kind := rec[19:reclen], rec[18]
			rec = rec[reclen:]
			if i := bytes.IndexByte(name, 0); i >= 0 {
				name = name[:i]
			}
			if len(name) == 0 || string(name) == "." || string(name) == ".." {
				continue
			}
			p := prefix + string(name)
			typ, known := direntType(kind)
			if !known {
				info, err := os.Lstat(p)
				if errors.Is(err, fs.ErrNotExist) {
					continue // removed since the folder was read, as os.ReadDir does
				}
				if err != nil {
					return err
				}
				typ = info.Mode().Type()
			}
			if !each(p, p[len(prefix):], typ) {
				return nil
			}
		}
	}
}

// direntType is the file type a directory entry gives; false when it gives none.
func direntType(kind byte) (os.FileMode, bool) {
	switch kind {
	case syscall.DT_REG:
		return 0, true
	case syscall.DT_DIR:
		return os.ModeDir, true
	case syscall.DT_LNK:
		return os.ModeSymlink, true
	case syscall.DT_FIFO:
		return os.ModeNamedPipe, true
	case syscall.DT_SOCK:
		return os.ModeSocket, true
	case syscall.DT_CHR:
		return os.ModeDevice | os.ModeCharDevice, true
	case syscall.DT_BLK:
		return os.ModeDevice, true
	}
	return 0, false
}
