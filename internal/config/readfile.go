package config

import (
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"

	"github.com/hashicorp/hcl/v2"
)

// errNotRegular matches ReadFile's error for a device, FIFO, socket or
// directory (errors.Is).
var errNotRegular = errors.New("not a regular file")

// notRegularError is ReadFile's error for a file that is not regular.
type notRegularError struct {
	name, kind string
}

func (e *notRegularError) Error() string {
	return fmt.Sprintf("%s is %s, not a regular file", e.name, e.kind)
}

func (e *notRegularError) Is(target error) bool { return target == errNotRegular }

// errTooLarge is ReadFile's error for a file beyond MaxFileSize.
var errTooLarge = fmt.Errorf("larger than %d MiB, the most dbplan reads", MaxFileSize>>20)

// ReadFile reads name as the loader reads configuration, variable and
// file() inputs: a regular file (or a link to one) of at most MaxFileSize
// bytes. A device such as /dev/zero, a FIFO or a directory is refused
// before anything is read from it, so it can neither exhaust memory nor
// block. The error names the file and says which rule it broke.
func ReadFile(name string) ([]byte, error) {
	if fi, err := os.Stat(name); err != nil {
		return nil, err
	} else if !fi.Mode().IsRegular() {
		return nil, &notRegularError{name, fileKind(fi)}
	}
	// Non-blocking: should the name have become a FIFO since, opening it
	// does not wait for a writer, and the check below refuses it.
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil {
		return nil, err
	} else if !fi.Mode().IsRegular() {
		return nil, &notRegularError{name, fileKind(fi)}
	}
	b, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	if len(b) > MaxFileSize {
		return nil, fmt.Errorf("%s is %w", name, errTooLarge)
	}
	return b, nil
}

// fileKind describes a file that is not regular, for messages.
func fileKind(fi os.FileInfo) string {
	switch m := fi.Mode(); {
	case m.IsDir():
		return "a directory"
	case m&os.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// readLimited reads a configuration or variable file with ReadFile and
// turns a failure into a diagnostic.
func readLimited(name string) ([]byte, *hcl.Diagnostic) {
	src, err := ReadFile(name)
	switch {
	case err == nil:
		return src, nil
	case errors.Is(err, errTooLarge):
		return nil, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "File too large",
			Detail:   fmt.Sprintf("%s is larger than %d MiB, the most dbplan reads. Split the configuration into several files, or generate the repetition with for_each.", name, MaxFileSize>>20),
			Subject:  &hcl.Range{Filename: name, Start: hcl.InitialPos, End: hcl.InitialPos},
		}
	case errors.Is(err, errNotRegular):
		return nil, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Not a regular file",
			Detail:   fmt.Sprintf("%v: dbplan reads configuration and variable values only from regular files (or links to them). Replace it with a file.", err),
		}
	}
	return nil, &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Cannot read file",
		Detail:   fmt.Sprintf("%v. Check that the file exists and is readable.", err),
	}
}
