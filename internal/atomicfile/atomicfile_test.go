package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func read(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("no symlinks: %v", err)
	}
}

// noTemp fails when a temporary file is left in dir.
func noTemp(t *testing.T, dir string) {
	t.Helper()
	left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp-*"))
	if len(left) > 0 {
		t.Errorf("temporary files left in %s: %v", dir, left)
	}
}

func TestWriteNewAndExisting(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.json")
	if err := Write(p, []byte("one"), 0o640); err != nil {
		t.Fatal(err)
	}
	if got := read(t, p); got != "one" {
		t.Errorf("content %q, want %q", got, "one")
	}
	if err := os.Chmod(p, 0o604); err != nil {
		t.Fatal(err)
	}
	if err := Write(p, []byte("two"), 0o600); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if got := read(t, p); got != "two" || fi.Mode().Perm() != 0o604 {
		t.Errorf("after a rewrite: content %q mode %v, want %q and the old mode 0604", got, fi.Mode().Perm(), "two")
	}
	noTemp(t, dir)
}

// TestWriteThroughLinkIsAtomic: a link's target is replaced by a rename in
// the target's directory (a new inode: a reader of the old file never sees
// a mix), and the link stays a link.
func TestWriteThroughLinkIsAtomic(t *testing.T) {
	linkDir, targetDir := t.TempDir(), t.TempDir()
	target := filepath.Join(targetDir, "plan.json")
	if err := os.WriteFile(target, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(linkDir, "plan")
	symlink(t, target, link)
	hop := filepath.Join(linkDir, "hop")
	symlink(t, "plan", hop) // relative, two links deep
	before, err := os.Stat(target)
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(hop, []byte("new"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{link, hop} {
		if fi, err := os.Lstat(l); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			t.Errorf("%s is no longer a link (err %v)", l, err)
		}
	}
	after, err := os.Stat(target)
	if err != nil {
		t.Fatal(err)
	}
	if got := read(t, target); got != "new" {
		t.Errorf("target holds %q, want %q", got, "new")
	}
	if os.SameFile(before, after) {
		t.Error("the target was rewritten in place, not replaced by a rename")
	}
	noTemp(t, linkDir)
	noTemp(t, targetDir)
}

func TestWriteDanglingLinkCreatesTarget(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "sub", "report.json")
	if err := os.Mkdir(filepath.Dir(target), 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "report.json")
	symlink(t, target, link)
	if err := Write(link, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := read(t, target); got != "x" {
		t.Errorf("target holds %q, want %q", got, "x")
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("the link was replaced (err %v)", err)
	}
}

// TestWriteFailureKeepsOldContent: a write that fails (a full disk) leaves
// the old file whole and no temporary file.
func TestWriteFailureKeepsOldContent(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "plan.json")
	if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	full := func(f *os.File, data []byte) error {
		_, _ = f.Write(data[:1])
		return syscall.ENOSPC
	}
	if err := replace(p, []byte("new"), 0o644, full); !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("replace() = %v, want ENOSPC", err)
	}
	if got := read(t, p); got != "old" {
		t.Errorf("file holds %q after a failed write, want the old content", got)
	}
	noTemp(t, dir)
}

func TestWriteDeviceThrough(t *testing.T) {
	if _, err := os.Stat(os.DevNull); err != nil {
		t.Skip("no null device")
	}
	if err := Write(os.DevNull, []byte("x"), 0o644); err != nil {
		t.Fatalf("Write(%s): %v", os.DevNull, err)
	}
	if fi, err := os.Stat(os.DevNull); err != nil || fi.Mode().IsRegular() {
		t.Errorf("%s was replaced by a regular file", os.DevNull)
	}
}

func TestWriteDirectoryRefused(t *testing.T) {
	if err := Write(t.TempDir(), []byte("x"), 0o644); err == nil {
		t.Error("Write(directory) succeeded")
	}
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	elsewhere := filepath.Join(t.TempDir(), "gone")
	if err := os.Mkdir(elsewhere, 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "report.json")
	symlink(t, filepath.Join(elsewhere, "report.json"), link)
	if err := Check(link); err != nil {
		t.Errorf("Check(link into an existing directory) = %v", err)
	}
	// The link's own directory is writable, its target's is gone: the
	// check must test where Write would create the file.
	if err := os.Remove(elsewhere); err != nil {
		t.Fatal(err)
	}
	if err := Check(link); err == nil {
		t.Error("Check(link into a missing directory) = nil, want an error")
	}
	for name, p := range map[string]string{
		"missing directory": filepath.Join(dir, "no", "such", "x.json"),
		"a directory":       dir,
	} {
		if err := Check(p); err == nil {
			t.Errorf("Check(%s) = nil, want an error", name)
		}
	}
	if err := Check(os.DevNull); err != nil {
		t.Errorf("Check(%s) = %v, want nil", os.DevNull, err)
	}
	noTemp(t, dir)
}

// TestRemoveLeftovers: the temporary files a killed Write leaves are found
// (also for a name with glob characters) and removed; others stay.
func TestRemoveLeftovers(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "state[1].json")
	keep := []string{"state[1].json", ".other.json.tmp-1", ".state[1].jsonx"}
	gone := []string{".state[1].json.tmp-123", ".state[1].json.tmp-456"}
	for _, n := range append(append([]string(nil), keep...), gone...) {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := RemoveLeftovers(p); err != nil {
		t.Fatal(err)
	}
	for _, n := range keep {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			t.Errorf("%s was removed", n)
		}
	}
	for _, n := range gone {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			t.Errorf("leftover %s was not removed", n)
		}
	}
}
