package tcsim

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/dbplan/dbplan/internal/atomicfile"
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

// removeStaleTemps removes what a simulator killed while writing path may
// have left beside the file it replaces: atomicfile's temporary files, and
// the one of an earlier version, named ".NAME.tmp".
func removeStaleTemps(path string) {
	_ = atomicfile.RemoveLeftovers(path)
	if target, _, err := atomicfile.Target(path); err == nil {
		_ = os.Remove(filepath.Join(filepath.Dir(target), "."+filepath.Base(target)+".tmp"))
	}
}

// writeFileAtomic replaces path with data atomically (see atomicfile:
// a crash leaves the old or the new file, never a torn one).
func writeFileAtomic(path string, data []byte) error {
	if err := atomicfile.Write(path, data, 0o600); err != nil {
		return fmt.Errorf("write state file %s: %w", path, err)
	}
	return nil
}
