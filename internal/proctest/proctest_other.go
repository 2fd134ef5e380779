//go:build !linux

package proctest

import "os/exec"

// dieWithParent does nothing where there is no parent-death signal: the
// cleanup of Start is all there is.
func dieWithParent(*exec.Cmd) {}

// killGroup kills cmd's process.
func killGroup(cmd *exec.Cmd) { _ = cmd.Process.Kill() }
