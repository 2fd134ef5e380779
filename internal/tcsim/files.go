package tcsim

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Reading the world and state files, and writing the state file.

// maxWorldBytes bounds a world or state file (a world of 10,000 instances
// with a few accounts each is a few MB).
const maxWorldBytes = 256 << 20

// readRegularFile reads path, which must be a regular file (or a link to
// one) of at most max bytes: a device such as /dev/zero, a FIFO or a
// directory is refused before it is read, so it can neither hang the
// simulator nor fill its memory.
func readRegularFile(path string, max int64) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file (%s); give a JSON file", path, fileKind(fi.Mode()))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file; give a JSON file", path)
	}
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%s is larger than %d MB", path, max>>20)
	}
	return b, nil
}

// fileKind names a non-regular file mode for messages.
func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "a special file"
}

// tempSuffix ends the name of the state file's temporary copy
// (".NAME.tmp"); one fixed name, so that a simulator killed while writing
// leaves at most one, and the next start removes it.
const tempSuffix = ".tmp"

// tempPath is the temporary file writeFileAtomic writes before renaming.
func tempPath(path string) string {
	return filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+tempSuffix)
}

// removeStaleTemps removes what a simulator killed while writing path may
// have left: its temporary file, and those of older versions, which were
// named ".NAME.tmp-RANDOM".
func removeStaleTemps(path string) {
	_ = os.Remove(tempPath(path))
	old, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "."+escapeGlob(filepath.Base(path))+".tmp-*"))
	for _, f := range old {
		_ = os.Remove(f)
	}
}

// linkTarget returns the file path names: itself, or the file a symbolic
// link (or chain of links) points to, even one that does not exist yet.
func linkTarget(path string) string {
	for range 40 {
		fi, err := os.Lstat(path)
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			return path
		}
		dest, err := os.Readlink(path)
		if err != nil {
			return path
		}
		if !filepath.IsAbs(dest) {
			dest = filepath.Join(filepath.Dir(path), dest)
		}
		path = dest
	}
	return path
}

// escapeGlob escapes the glob metacharacters of a file name.
func escapeGlob(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "*", `\*`, "?", `\?`, "[", `\[`)
	return r.Replace(s)
}

// writeFileAtomic writes data to path: a temporary file in the same
// directory, fsync, rename, then fsync of the directory. A crash leaves
// either the old or the new file, never a torn one.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp := tempPath(path)
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("write state file: %w", err)
	}
	fail := func(err error) error {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("write state file %s: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write state file %s: %w", path, err)
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // best effort: makes the rename durable on Linux
		d.Close()
	}
	return nil
}
