package tcsim

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestNonRegularFilesRefused: a world or state file that is a device, a
// FIFO or a directory is refused at once (reading /dev/zero would fill the
// memory, opening a FIFO would hang).
func TestNonRegularFilesRefused(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	for name, path := range map[string]string{"device": os.DevNull, "/dev/zero": "/dev/zero", "FIFO": fifo, "directory": dir} {
		if _, err := os.Stat(path); err != nil {
			continue
		}
		t.Run("world "+name, func(t *testing.T) {
			_, err := LoadWorld(path)
			if err == nil || !strings.Contains(err.Error(), "not a regular file") {
				t.Errorf("LoadWorld(%s) = %v, want a refusal", path, err)
			}
		})
		t.Run("state "+name, func(t *testing.T) {
			_, err := New(loadTestWorld(t), Options{StatePath: path})
			if err == nil || !strings.Contains(err.Error(), "not a regular file") {
				t.Errorf("New with state %s = %v, want a refusal", path, err)
			}
		})
	}
}

// TestStaleTemporaryFilesRemoved: a simulator killed while writing its
// state leaves its temporary file; the next start removes it (and the
// randomly named ones of older versions), and keeps the state.
func TestStaleTemporaryFilesRemoved(t *testing.T) {
	dir := t.TempDir()
	statePath := filepath.Join(dir, "state.json")
	NewTestServer(t, loadTestWorld(t), Options{StatePath: statePath}) // writes the state file
	for _, name := range []string{".state.json.tmp", ".state.json.tmp-123456"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(`{"instances": [`), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	keep := filepath.Join(dir, ".other.json.tmp")
	if err := os.WriteFile(keep, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := New(loadTestWorld(t), Options{StatePath: statePath}); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != ".other.json.tmp state.json" {
		t.Errorf("directory holds %v, want the state file and the unrelated file only", names)
	}
}

// TestStateFileThroughALink: a state file that is a symbolic link stays a
// link; the file it points to is replaced atomically.
func TestStateFileThroughALink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real", "state.json")
	if err := os.Mkdir(filepath.Dir(real), 0o700); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "state.json")
	if err := os.Symlink(filepath.Join("real", "state.json"), link); err != nil {
		t.Skipf("no symlinks here: %v", err)
	}
	_, _, _, c := newStateServerAt(t, link)
	c.ok("CreateAccount", obj{"DBInstanceId": inst, "UserName": "linked", "Password": "Very$ecret1", "Type": "normal"})
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v", err)
	}
	b, err := os.ReadFile(real)
	if err != nil || !strings.Contains(string(b), "linked") {
		t.Errorf("the linked file does not hold the state: %v", err)
	}
}
