package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
	"golang.org/x/sys/unix"

	"github.com/keylint/keylint/internal/testkey"
)

// hardKey makes a random GonkaGate key for a test, so that no key is committed.
func hardKey(seed uint64) string { return "gp-Q7" + testkey.Body(rand.New(rand.NewPCG(seed, 99)), 38) }

type cliResult struct {
	code           int
	stdout, stderr string
}

// runCLI runs the CLI in this process with a deadline, failing the test if it hangs.
func runCLI(t *testing.T, stdin io.Reader, args ...string) cliResult {
	t.Helper()
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	var out, errb bytes.Buffer
	done := make(chan int, 1)
	go func() { done <- run(args, stdin, &out, &errb) }()
	select {
	case code := <-done:
		return cliResult{code, out.String(), errb.String()}
	case <-time.After(2 * time.Minute):
		t.Fatalf("keylint %s did not finish", strings.Join(args, " "))
		return cliResult{}
	}
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func gzipped(data []byte) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(data)
	w.Close()
	return b.Bytes()
}

// TestBadInputs plays one bad input per case and checks the message and the exit status.
func TestBadInputs(t *testing.T) {
	key := hardKey(1)
	for _, tc := range []struct {
		name       string
		command    []string                                // default "scan"
		setup      func(t *testing.T, dir string) []string // returns the arguments after the command
		check      func(t *testing.T, dir string)          // runs after keylint, when set
		code       int
		stdout     string // must appear ("" for none expected)
		stderr     string
		noStdout   bool
		skipIfRoot bool
	}{
		{
			name: "unreadable file", skipIfRoot: true,
			setup: func(t *testing.T, dir string) []string {
				writeFile(t, filepath.Join(dir, "secret.txt"), []byte(key))
				os.Chmod(filepath.Join(dir, "secret.txt"), 0)
				writeFile(t, filepath.Join(dir, "ok.txt"), []byte(key))
				return []string{dir}
			},
			code: 1, stderr: "permission denied", stdout: "ok.txt",
		},
		{
			name: "symlink loop",
			setup: func(t *testing.T, dir string) []string {
				os.Symlink(filepath.Join(dir, "b"), filepath.Join(dir, "a"))
				os.Symlink(filepath.Join(dir, "a"), filepath.Join(dir, "b"))
				writeFile(t, filepath.Join(dir, "k.txt"), []byte(key))
				return []string{dir}
			},
			code: 1, stderr: "too many levels of symbolic links", stdout: "k.txt",
		},
		{
			name: "symlink out of the root is not followed",
			setup: func(t *testing.T, dir string) []string {
				outside := t.TempDir()
				writeFile(t, filepath.Join(outside, "k.txt"), []byte(key))
				os.Symlink(filepath.Join(outside, "k.txt"), filepath.Join(dir, "link.txt"))
				os.Symlink(outside, filepath.Join(dir, "linkdir"))
				return []string{dir}
			},
			code: 0, noStdout: true,
		},
		{
			name: "fifo in a tree is skipped and never blocks",
			setup: func(t *testing.T, dir string) []string {
				if err := syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o644); err != nil {
					t.Skipf("mkfifo: %v", err)
				}
				writeFile(t, filepath.Join(dir, "k.txt"), []byte(key))
				return []string{dir}
			},
			code: 1, stdout: "k.txt",
		},
		{
			name: "fifo named on the command line is skipped",
			setup: func(t *testing.T, dir string) []string {
				if err := syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o644); err != nil {
					t.Skipf("mkfifo: %v", err)
				}
				return []string{filepath.Join(dir, "pipe")}
			},
			code: 0, stderr: "not a regular file; skipped",
		},
		{
			name: "device file named on the command line is skipped",
			setup: func(t *testing.T, dir string) []string {
				return []string{"/dev/zero"}
			},
			code: 0, stderr: "not a regular file; skipped",
		},
		{
			name: "2 GB sparse file with a key at the end",
			setup: func(t *testing.T, dir string) []string {
				if testing.Short() {
					t.Skip("reads 2 GB")
				}
				p := filepath.Join(dir, "big.log")
				f, err := os.Create(p)
				if err != nil {
					t.Fatal(err)
				}
				f.WriteString(strings.Repeat("log line without a key\n", 1000))
				f.WriteAt([]byte("\n"+key+"\n"), 2<<30)
				f.Close()
				return []string{dir}
			},
			code: 1, stdout: "big.log:1002:1:",
		},
		{
			name: "one 50 MB line",
			setup: func(t *testing.T, dir string) []string {
				line := bytes.Repeat([]byte("a=1;"), 50<<20/4)
				copy(line[30<<20:], key)
				writeFile(t, filepath.Join(dir, "bundle.min.js"), line)
				return []string{dir}
			},
			code: 1, stdout: "bundle.min.js:1:31457281:",
		},
		{
			name: "invalid UTF-8 before the key",
			setup: func(t *testing.T, dir string) []string {
				writeFile(t, filepath.Join(dir, "bad.txt"), append([]byte("\xc3\x28\xa0\xa1 "), key...))
				return []string{dir}
			},
			code: 1, stdout: "bad.txt:1:",
		},
		{
			name: "a NUL in the first bytes of an otherwise text file",
			setup: func(t *testing.T, dir string) []string {
				writeFile(t, filepath.Join(dir, "nul.txt"), []byte("\x00"+strings.Repeat("text\n", 20)+key))
				return []string{dir}
			},
			code: 1, stdout: "nul.txt:21:1:",
		},
		{
			name: "path with a newline is escaped",
			setup: func(t *testing.T, dir string) []string {
				writeFile(t, filepath.Join(dir, "a\nb.txt"), []byte(key))
				return []string{dir}
			},
			code: 1, stdout: `a\nb.txt`,
		},
		{
			name: "gzip of a gzip of a gzip",
			setup: func(t *testing.T, dir string) []string {
				writeFile(t, filepath.Join(dir, "k.txt.gz.gz.gz"), gzipped(gzipped(gzipped([]byte("x\n"+key)))))
				return []string{dir}
			},
			code: 1, stdout: "k.txt.gz.gz.gz!k.txt.gz.gz!k.txt.gz!k.txt:2:1",
		},
		{
			name: "truncated gzip",
			setup: func(t *testing.T, dir string) []string {
				data := gzipped([]byte(key + "\n" + strings.Repeat("filler ", 10000)))
				writeFile(t, filepath.Join(dir, "cut.gz"), data[:len(data)/2])
				return []string{dir}
			},
			code: 1, stdout: "cut.gz!cut:1:1", stderr: "cut.gz",
		},
		{
			name: "zip bomb entry stops at the limit",
			setup: func(t *testing.T, dir string) []string {
				if testing.Short() {
					t.Skip("compresses 1 GB")
				}
				writeFile(t, filepath.Join(dir, "bomb.zip"), zipped(t, map[string]io.Reader{
					"zeros.txt": io.LimitReader(zeros{}, 1<<30),
					"key.txt":   strings.NewReader(key),
				}))
				return []string{dir}
			},
			code: 1, stderr: "decode limit reached",
		},
		{
			name: "zip in a zip, five deep (42.zip style) stops at the depth limit",
			setup: func(t *testing.T, dir string) []string {
				inner := zipped(t, map[string]io.Reader{"key.txt": strings.NewReader(key)})
				for range 4 {
					inner = zipped(t, map[string]io.Reader{"key.txt": bytes.NewReader(inner)})
				}
				writeFile(t, filepath.Join(dir, "42.zip"), inner)
				return []string{dir}
			},
			code: 0, stderr: "archives nested deeper than 3",
		},
		{
			name: "zip member names with ../ are only names",
			setup: func(t *testing.T, dir string) []string {
				writeFile(t, filepath.Join(dir, "evil.zip"), zipped(t, map[string]io.Reader{
					"../../etc/k.txt": strings.NewReader(key),
				}))
				return []string{dir}
			},
			code: 1, stdout: "evil.zip!../../etc/k.txt:1:1",
		},
		{
			name: "a FIFO named .gitignore does not hang the scan",
			setup: func(t *testing.T, dir string) []string {
				gitInit(t, dir)
				mkfifo(t, filepath.Join(dir, ".gitignore"))
				writeFile(t, filepath.Join(dir, "k.txt"), []byte(key))
				return []string{dir}
			},
			code: 1, stdout: "k.txt", stderr: ".gitignore: not a regular file; not read",
		},
		{
			name: "a FIFO named .git/info/exclude does not hang the scan",
			setup: func(t *testing.T, dir string) []string {
				gitInit(t, dir)
				mkfifo(t, filepath.Join(dir, ".git", "info", "exclude"))
				writeFile(t, filepath.Join(dir, "k.txt"), []byte(key))
				return []string{dir}
			},
			code: 1, stdout: "k.txt", stderr: "exclude: not a regular file; not read",
		},
		{
			name: "a FIFO named .keylint.yaml is an error, not a hang",
			setup: func(t *testing.T, dir string) []string {
				mkfifo(t, filepath.Join(dir, ".keylint.yaml"))
				return []string{dir}
			},
			code: 2, stderr: ".keylint.yaml: not a regular file; not read",
		},
		{
			name: "a symlinked .keylint.yaml found in the tree is refused",
			setup: func(t *testing.T, dir string) []string {
				os.Symlink("/dev/zero", filepath.Join(dir, ".keylint.yaml"))
				return []string{dir}
			},
			code: 2, stderr: ".keylint.yaml: a symbolic link; not followed",
		},
		{
			name: ".gitignore -> /dev/zero: scan reads no pattern and goes on",
			setup: func(t *testing.T, dir string) []string {
				gitInit(t, dir)
				os.Symlink("/dev/zero", filepath.Join(dir, ".gitignore"))
				writeFile(t, filepath.Join(dir, "k.txt"), []byte(key))
				return []string{dir}
			},
			code: 1, stdout: "k.txt", stderr: ".gitignore: a symbolic link; not followed",
		},
		{
			name: ".gitignore -> /dev/zero: baseline goes on", command: []string{"baseline"},
			setup: func(t *testing.T, dir string) []string {
				gitInit(t, dir)
				os.Symlink("/dev/zero", filepath.Join(dir, ".gitignore"))
				writeFile(t, filepath.Join(dir, "k.txt"), []byte(key))
				return []string{"-o", filepath.Join(dir, "b.json"), dir}
			},
			code: 0, stderr: ".gitignore: a symbolic link; not followed",
		},
		{
			name: ".gitignore -> /dev/zero: gitignore audits without it", command: []string{"gitignore"},
			setup: func(t *testing.T, dir string) []string {
				gitInit(t, dir)
				os.Symlink("/dev/zero", filepath.Join(dir, ".gitignore"))
				writeFile(t, filepath.Join(dir, ".env"), []byte("A=1\n"))
				return []string{dir}
			},
			code: 1, stdout: ".env: not ignored", stderr: ".gitignore: a symbolic link; not followed",
		},
		{
			name: "gitignore --fix refuses to write through a symlinked .gitignore", command: []string{"gitignore", "--fix"},
			setup: func(t *testing.T, dir string) []string {
				gitInit(t, dir)
				outside := filepath.Join(t.TempDir(), "outside")
				writeFile(t, outside, []byte("private line\n"))
				os.Symlink(outside, filepath.Join(dir, ".gitignore"))
				writeFile(t, filepath.Join(dir, ".env"), []byte("A=1\n"))
				return []string{dir}
			},
			check: func(t *testing.T, dir string) {
				st, err := os.Lstat(filepath.Join(dir, ".gitignore"))
				if err != nil || st.Mode()&os.ModeSymlink == 0 {
					t.Errorf(".gitignore is no longer the link: %v, %v", st, err)
				}
				target, _ := os.Readlink(filepath.Join(dir, ".gitignore"))
				if data, _ := os.ReadFile(target); string(data) != "private line\n" {
					t.Errorf("the file the link names was changed: %q", data)
				}
			},
			code: 2, stderr: "it is a symbolic link, which git does not read",
		},
		{
			name: "an index claiming 0xFFFFFFFF entries in 32 bytes", command: []string{"git", "--staged"},
			setup: func(t *testing.T, dir string) []string {
				gitInit(t, dir)
				hdr := []byte("DIRC\x00\x00\x00\x02\xff\xff\xff\xff")
				writeFile(t, filepath.Join(dir, ".git", "index"), append(hdr, make([]byte, 20)...))
				return []string{dir}
			},
			code: 2, stderr: "reading the index",
		},
		{
			name: "an index that is a FIFO", command: []string{"git", "--staged"},
			setup: func(t *testing.T, dir string) []string {
				gitInit(t, dir)
				mkfifo(t, filepath.Join(dir, ".git", "index"))
				return []string{dir}
			},
			code: 2, stderr: "index: not a regular file; not read",
		},
		{
			name: ".git/HEAD is a FIFO: refused at once, never read", command: []string{"git", "--timeout", "1s"},
			setup: func(t *testing.T, dir string) []string {
				gitInit(t, dir)
				os.Remove(filepath.Join(dir, ".git", "HEAD"))
				mkfifo(t, filepath.Join(dir, ".git", "HEAD"))
				return []string{dir}
			},
			code: 2, stderr: "HEAD: not a regular file (a named pipe)",
		},
		{
			name: "docker save tarball: a key in a layer's file",
			setup: func(t *testing.T, dir string) []string {
				layer := tarred(t, "app/config.js", []byte("export const k = '"+key+"';\n"))
				writeFile(t, filepath.Join(dir, "image.tar"), tarred(t, "manifest.json", []byte("[]"), "abc/layer.tar", layer))
				return []string{dir}
			},
			code: 1, stdout: "image.tar!abc/layer.tar!app/config.js:1:19",
		},
		{
			name: "OCI image tarball: a key in a gzip-compressed layer blob",
			setup: func(t *testing.T, dir string) []string {
				layer := gzipped(tarred(t, "app/config.js", []byte("k = '"+key+"'\n")))
				writeFile(t, filepath.Join(dir, "image.tar"), tarred(t, "oci-layout", []byte("{}"), "blobs/sha256/0123abcd", layer))
				return []string{dir}
			},
			code: 1, stdout: "image.tar!blobs/sha256/0123abcd!app/config.js:1:6",
		},
		{
			name: "npm package .tgz",
			setup: func(t *testing.T, dir string) []string {
				writeFile(t, filepath.Join(dir, "pkg-1.0.0.tgz"), gzipped(tarred(t, "package/index.js", []byte("\n"+key))))
				return []string{dir}
			},
			code: 1, stdout: "pkg-1.0.0.tgz!package/index.js:2:1",
		},
		{
			name: "a zip member declaring one byte more than it holds is scanned, then named",
			setup: func(t *testing.T, dir string) []string {
				data := []byte("k = " + key + "\n")
				var c bytes.Buffer
				fl, _ := flate.NewWriter(&c, flate.BestSpeed)
				fl.Write(data)
				fl.Close()
				var b bytes.Buffer
				w := zip.NewWriter(&b)
				fw, err := w.CreateRaw(&zip.FileHeader{Name: "app.js", Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(data),
					CompressedSize64: uint64(c.Len()), UncompressedSize64: uint64(len(data) + 1)})
				if err != nil {
					t.Fatal(err)
				}
				fw.Write(c.Bytes())
				w.Close()
				writeFile(t, filepath.Join(dir, "short.zip"), b.Bytes())
				return []string{dir}
			},
			code: 1, stdout: "short.zip!app.js:1:5", stderr: "declares 49 bytes and holds 48, all of them scanned",
		},
		{
			name: "what could not be read is counted in the summary",
			setup: func(t *testing.T, dir string) []string {
				data := gzipped([]byte(key + "\n" + strings.Repeat("filler ", 10000)))
				writeFile(t, filepath.Join(dir, "cut.gz"), data[:len(data)/2])
				return []string{dir}
			},
			code: 1, stdout: "cut.gz!cut:1:1", stderr: "; 1 path could not be read in full (named above), keys there may be missed (--strict makes this exit status 2)",
		},
		{
			name: "--strict: exit status 2 when something could not be read, after the report",
			setup: func(t *testing.T, dir string) []string {
				data := gzipped([]byte(key + "\n" + strings.Repeat("filler ", 10000)))
				writeFile(t, filepath.Join(dir, "cut.gz"), data[:len(data)/2])
				return []string{"--strict", dir}
			},
			code: 2, stdout: "cut.gz!cut:1:1", stderr: "keylint: --strict: 1 path could not be read in full",
		},
		{
			name: "--strict: a path longer than the system allows fails closed",
			setup: func(t *testing.T, dir string) []string {
				deepDir(t, dir, 5000)
				return []string{"--strict", dir}
			},
			code: 2, stderr: "file name too long",
		},
		{
			name: "--strict: a broken link left nothing unread",
			setup: func(t *testing.T, dir string) []string {
				os.Symlink(filepath.Join(dir, "nowhere"), filepath.Join(dir, "broken"))
				writeFile(t, filepath.Join(dir, "k.txt"), []byte(key))
				return []string{"--strict", dir}
			},
			code: 1, stdout: "k.txt", stderr: "broken symbolic link",
		},
		{
			name: "git --strict: an LFS pointer's content was not scanned", command: []string{"git", "--strict"},
			setup: func(t *testing.T, dir string) []string {
				r, err := git.PlainInit(dir, false)
				if err != nil {
					t.Fatal(err)
				}
				writeFile(t, filepath.Join(dir, "big.bin"), []byte("version https://git-lfs.github.com/spec/v1\n"+
					"oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n"))
				wt, _ := r.Worktree()
				wt.Add("big.bin")
				if _, err := wt.Commit("lfs", &git.CommitOptions{Author: &object.Signature{Name: "a", Email: "a@b", When: time.Unix(1767225600, 0)}}); err != nil {
					t.Fatal(err)
				}
				return []string{dir}
			},
			code: 2, stderr: "--strict: 1 path could not be read in full",
		},
		{
			name: "stdin that never ends is bounded by --timeout",
			setup: func(t *testing.T, dir string) []string {
				return []string{"--timeout", "1s", "-"}
			},
			code: 2, stderr: "--timeout",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.skipIfRoot && os.Geteuid() == 0 {
				t.Skip("root reads every file; permission cannot be denied")
			}
			dir := t.TempDir()
			command := tc.command
			if command == nil {
				command = []string{"scan"}
			}
			args := append(append([]string(nil), command...), tc.setup(t, dir)...)
			var stdin io.Reader
			if args[len(args)-1] == "-" {
				pr, pw := io.Pipe()
				t.Cleanup(func() { pw.Close() })
				stdin = pr
			}
			start := time.Now()
			got := runCLI(t, stdin, args...)
			if got.code != tc.code {
				t.Errorf("exit status %d, want %d\nstdout: %s\nstderr: %s", got.code, tc.code, got.stdout, got.stderr)
			}
			if tc.stdout != "" && !strings.Contains(got.stdout, tc.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tc.stdout, got.stdout)
			}
			if tc.noStdout && got.stdout != "" {
				t.Errorf("stdout should be empty:\n%s", got.stdout)
			}
			if tc.stderr != "" && !strings.Contains(got.stderr, tc.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tc.stderr, got.stderr)
			}
			if strings.Contains(got.stdout+got.stderr, key) {
				t.Error("the key was printed unredacted")
			}
			if tc.check != nil {
				tc.check(t, dir)
			}
			t.Logf("took %s", time.Since(start).Round(time.Millisecond))
		})
	}
}

// tarred is a tar archive of name, content pairs.
func tarred(t *testing.T, pairs ...any) []byte {
	t.Helper()
	var b bytes.Buffer
	w := tar.NewWriter(&b)
	for i := 0; i < len(pairs); i += 2 {
		data := pairs[i+1].([]byte)
		if err := w.WriteHeader(&tar.Header{Name: pairs[i].(string), Mode: 0o644, Size: int64(len(data)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// deepDir makes a chain of folders under dir whose path is longer than n bytes, one
// folder at a time relative to the last (a single mkdir of the whole path would fail),
// and returns nothing: the walk is what meets the long path.
func deepDir(t *testing.T, dir string, n int) {
	t.Helper()
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY, 0)
	if err != nil {
		t.Fatal(err)
	}
	name := strings.Repeat("d", 200)
	for depth := 0; depth*201 < n; depth++ {
		if err := unix.Mkdirat(fd, name, 0o755); err != nil {
			t.Fatal(err)
		}
		next, err := unix.Openat(fd, name, unix.O_RDONLY|unix.O_DIRECTORY, 0)
		unix.Close(fd)
		if err != nil {
			t.Fatal(err)
		}
		fd = next
	}
	unix.Close(fd)
}

// gitInit makes dir a git work tree.
func gitInit(t *testing.T, dir string) {
	t.Helper()
	if _, err := git.PlainInit(dir, false); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, ".git", "info"), 0o755)
}

func mkfifo(t *testing.T, p string) {
	t.Helper()
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
}

type zeros struct{}

// Read fills p with text that compresses to almost nothing.
func (zeros) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	return len(p), nil
}

func zipped(t *testing.T, members map[string]io.Reader) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	w.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})
	for _, name := range []string{"zeros.txt", "key.txt", "../../etc/k.txt"} {
		r, ok := members[name]
		if !ok {
			continue
		}
		f, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(f, r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
