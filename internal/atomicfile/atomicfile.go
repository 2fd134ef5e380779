// Package atomicfile replaces files so that a crash, a full disk or a
// concurrent reader never sees a half-written one: the new content goes to
// a temporary file in the same directory, is synced, and is renamed over
// the old file.
//
// Symbolic links are kept: the file they point to is replaced, in its own
// directory (a rename works only within one file system, and the link's
// directory may be elsewhere). Devices and pipes, such as /dev/stdout, are
// written through, as renaming over them would replace the device node.
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// maxLinks bounds how many symbolic links Target follows (Linux's limit).
const maxLinks = 40

// Write replaces the file at path with data. When path is a regular file,
// or does not exist yet, a reader sees either the old content or the new,
// never a part: the data is written to a temporary file beside the target,
// synced, renamed over it, and the directory is synced. When path is a
// symbolic link (also a dangling one), the file it points to is replaced
// and the link is kept. When path is a device or pipe, data is written
// through it (not atomically: there is nothing to rename over).
//
// A new file gets perm; an existing one keeps its permission bits. On
// error the old file is untouched and no temporary file is left.
func Write(path string, data []byte, perm fs.FileMode) error {
	target, fi, err := Target(path)
	if err != nil {
		return err
	}
	switch {
	case fi == nil:
	case fi.IsDir():
		return fmt.Errorf("%s is a directory", path)
	case !fi.Mode().IsRegular():
		return writeThrough(target, data)
	default:
		perm = fi.Mode().Perm()
	}
	return replace(target, data, perm, writeAll)
}

// Target returns the file that Write(path) replaces: path itself, or the
// end of the chain of symbolic links starting at path (which may not exist
// yet), and its FileInfo, nil when it does not exist. Devices reached
// through magic links such as /dev/stdout → /proc/self/fd/1 are returned
// as path, whose FileInfo then describes the device.
func Target(path string) (string, fs.FileInfo, error) {
	if fi, err := os.Stat(path); err == nil {
		if !fi.Mode().IsRegular() {
			return path, fi, nil
		}
		real, err := filepath.EvalSymlinks(path)
		if err != nil {
			return "", nil, err
		}
		return real, fi, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", nil, err
	}
	// path or a link on the way is missing: follow the links by hand to
	// find where the new file is to be created.
	p := path
	for range maxLinks {
		li, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return p, nil, nil
		}
		if err != nil {
			return "", nil, err
		}
		if li.Mode()&fs.ModeSymlink == 0 {
			return p, nil, nil
		}
		dest, err := os.Readlink(p)
		if err != nil {
			return "", nil, err
		}
		if !filepath.IsAbs(dest) {
			dest = filepath.Join(filepath.Dir(p), dest)
		}
		p = dest
	}
	return "", nil, fmt.Errorf("%s: too many levels of symbolic links", path)
}

// Check reports, without changing anything, whether Write(path) can be
// expected to succeed: path is not a directory, and a file can be created
// in the directory of the file Write would replace (or path is a device or
// pipe, which is written through). Programs that write a file after long
// work (apply's report) call it first, to refuse before the work.
func Check(path string) error {
	target, fi, err := Target(path)
	if err != nil {
		return err
	}
	switch {
	case fi != nil && fi.IsDir():
		return fmt.Errorf("%s is a directory; give a file name", path)
	case fi != nil && !fi.Mode().IsRegular():
		return nil
	}
	dir := filepath.Dir(target)
	f, err := os.CreateTemp(dir, tempPattern(target))
	if err != nil {
		return fmt.Errorf("cannot create a file in %s: %w", dir, err)
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// tempPattern names the temporary files of target: hidden, and telling
// whose they are should one survive a kill (".NAME.tmp-RANDOM").
func tempPattern(target string) string {
	return "." + filepath.Base(target) + ".tmp-*"
}

// RemoveLeftovers removes the temporary files that a process killed in
// the middle of Write(path) may have left beside the file Write replaces.
// Call it only when nothing else is writing path (at a program's start),
// or a concurrent Write would fail.
func RemoveLeftovers(path string) error {
	target, _, err := Target(path)
	if err != nil {
		return err
	}
	names, err := filepath.Glob(filepath.Join(filepath.Dir(target), escapeGlob(tempPattern(target))))
	if err != nil {
		return err
	}
	var errs []error
	for _, n := range names {
		if err := os.Remove(n); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// escapeGlob escapes the glob metacharacters of a file name, but for the
// final "*" of a pattern from tempPattern.
func escapeGlob(pattern string) string {
	name := strings.TrimSuffix(pattern, "*")
	r := strings.NewReplacer(`\`, `\\`, "*", `\*`, "?", `\?`, "[", `\[`)
	return r.Replace(name) + "*"
}

// replace writes data to a temporary file beside target with write, syncs
// it, gives it perm and renames it over target.
func replace(target string, data []byte, perm fs.FileMode, write func(*os.File, []byte) error) error {
	dir := filepath.Dir(target)
	f, err := os.CreateTemp(dir, tempPattern(target))
	if err != nil {
		return err
	}
	tmp := f.Name()
	err = write(f, data)
	if err == nil {
		err = f.Chmod(perm)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, target)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	// Make the rename durable; not every platform can sync a directory.
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

func writeAll(f *os.File, data []byte) error {
	_, err := f.Write(data)
	return err
}

// writeThrough writes data to an existing device or pipe.
func writeThrough(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
