//go:build linux

package proctest

import (
	"os/exec"
	"syscall"
)

// dieWithParent makes cmd's process the leader of a new process group and
// has the kernel send it SIGKILL when the test process dies.
func dieWithParent(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
}

// killGroup kills cmd's process group: the child and whatever it started
// and did not move elsewhere (a shell's commands, for instance).
func killGroup(cmd *exec.Cmd) {
	if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); err != nil {
		_ = cmd.Process.Kill()
	}
}
