//go:build unix

package proctest

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// roleEnv makes the test binary play a part in the tests below: "sleeper"
// waits forever; "parent" starts a sleeper with dieWithParent, prints its
// pid and waits forever. Both inherit fd 3, the write end of a pipe the
// test reads: EOF there means every holder is dead.
const roleEnv = "PROCTEST_ROLE"

func TestMain(m *testing.M) {
	switch os.Getenv(roleEnv) {
	case "sleeper":
		for {
			time.Sleep(time.Hour) // a long-running child; the tests kill it
		}
	case "parent":
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), roleEnv+"=sleeper")
		cmd.ExtraFiles = []*os.File{os.NewFile(3, "alive")}
		dieWithParent(cmd)
		if err := cmd.Start(); err != nil {
			os.Exit(1)
		}
		os.Stdout.WriteString(strconv.Itoa(cmd.Process.Pid) + "\n")
		for {
			time.Sleep(time.Hour)
		}
	}
	os.Exit(m.Run())
}

// alivePipe returns a command running the test binary as role, holding the
// write end of a pipe, and a channel closed once every holder is gone.
func alivePipe(t *testing.T, role string) (*exec.Cmd, <-chan struct{}) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), roleEnv+"="+role)
	cmd.ExtraFiles = []*os.File{w}
	gone := make(chan struct{})
	go func() {
		_, _ = io.Copy(io.Discard, r)
		r.Close()
		close(gone)
	}()
	t.Cleanup(func() { w.Close() })
	return cmd, gone
}

// waitGone fails the test unless gone is closed within a minute (a guard
// against a hang, not a timing assertion: it is closed as soon as the
// processes die).
func waitGone(t *testing.T, gone <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-gone:
	case <-time.After(time.Minute):
		t.Fatalf("%s still running", what)
	}
}

// TestCleanupKillsAndReaps: a child still running when its test ends is
// killed with everything it started, and reaped.
func TestCleanupKillsAndReaps(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	cmd, gone := alivePipe(t, "sleeper")
	// A shell that starts the sleeper in the background, says so once it
	// has forked it, and waits.
	cmd.Path, cmd.Args = sh, []string{"sh", "-c", `"$0" & echo started; wait`, os.Args[0]}
	out, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	cmd.Stdout = w
	var p *Proc
	t.Run("starts and ends", func(t *testing.T) {
		if p, err = Start(t, cmd); err != nil {
			t.Fatal(err)
		}
		w.Close()
		cmd.ExtraFiles[0].Close() // only the children hold the pipe now
		if _, err := bufio.NewReader(out).ReadString('\n'); err != nil {
			t.Fatalf("the shell did not start the sleeper: %v", err)
		}
	})
	select {
	case <-p.Done():
	default:
		t.Fatal("the child was not reaped when its test ended")
	}
	if runtime.GOOS == "linux" {
		waitGone(t, gone, "the shell's background child") // its process group was killed
	}
}

// TestChildDiesWithTheTestProcess: when the process that started a child
// is killed (no cleanup runs), the kernel kills the child too.
func TestChildDiesWithTheTestProcess(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the parent-death signal is Linux only")
	}
	parent, gone := alivePipe(t, "parent")
	out, err := parent.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := parent.Start(); err != nil {
		t.Fatal(err)
	}
	parent.ExtraFiles[0].Close()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		_ = parent.Process.Kill()
		t.Fatalf("the parent did not start its child: %v", err)
	}
	child, _ := strconv.Atoi(line[:len(line)-1])
	t.Cleanup(func() { _ = syscall.Kill(child, syscall.SIGKILL) })
	if err := parent.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = parent.Wait()
	waitGone(t, gone, "the child of a killed parent")
}
