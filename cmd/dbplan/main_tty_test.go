package main

import (
	"os"
	"testing"
)

func TestIsTerminalNullDevice(t *testing.T) {
	f, err := os.Open(os.DevNull)
	if err != nil {
		t.Skipf("no %s: %v", os.DevNull, err)
	}
	defer f.Close()
	if isTerminal(f) {
		t.Errorf("isTerminal(%s) = true, want false: `< /dev/null` in CI is no terminal", os.DevNull)
	}
	tmp, err := os.CreateTemp(t.TempDir(), "file")
	if err != nil {
		t.Fatal(err)
	}
	defer tmp.Close()
	if isTerminal(tmp) {
		t.Error("isTerminal(regular file) = true, want false")
	}
}
