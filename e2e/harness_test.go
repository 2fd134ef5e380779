// Package e2e drives the dbplan binary as a user would: it builds
// cmd/dbplan, starts `dbplan sim serve` as a separate process on a free
// loopback port, and runs validate, plan and apply against it.
package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	osexec "os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/dbplan/dbplan/internal/proctest"
)

// dbplanBin is the binary built once by TestMain.
var dbplanBin string

func TestMain(m *testing.M) {
	if dir := os.Getenv(fakeGHEnv); dir != "" {
		// This binary is standing in for gh (fakegh_test.go).
		os.Exit(fakeGH(dir, os.Args[1:], os.Stdin, os.Stdout))
	}
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "dbplan-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	dbplanBin = filepath.Join(dir, "dbplan")
	goBin, err := osexec.LookPath("go")
	if err != nil {
		goBin = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	build := osexec.Command(goBin, "build", "-o", dbplanBin, "../cmd/dbplan")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building dbplan:", err)
		return 1
	}
	return m.Run()
}

// sim is a running `dbplan sim serve` process.
type sim struct {
	t        *testing.T
	proc     *proctest.Proc
	stderr   *logWriter // with --log, a line per request (see waitLog)
	endpoint string     // http://127.0.0.1:PORT
	env      []string
}

// startSim runs `dbplan sim serve` on a free port with the given world and
// state files and extra flags, and waits until it prints its endpoint. The
// process dies with the test process and is stopped when the test ends
// (see proctest).
func startSim(t *testing.T, world, state string, extra ...string) *sim {
	t.Helper()
	args := append([]string{"sim", "serve", "--addr", "127.0.0.1:0", "--world", world, "--state", state}, extra...)
	cmd := osexec.Command(dbplanBin, args...)
	stdout, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stdout.Close() })
	stderr := newLogWriter()
	cmd.Stdout, cmd.Stderr = w, stderr
	proc, err := proctest.Start(t, cmd)
	w.Close()
	if err != nil {
		t.Fatalf("starting dbplan sim serve: %v", err)
	}
	s := &sim{t: t, proc: proc, stderr: stderr}
	t.Cleanup(s.stop)
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		_, _ = io.Copy(io.Discard, stdout)
	}()
	vars := map[string]string{}
	deadline := time.After(30 * time.Second)
	for vars["DBPLAN_ENDPOINT"] == "" || vars["TENCENTCLOUD_SECRET_KEY"] == "" {
		select {
		case line, ok := <-lines:
			if !ok {
				_ = proc.Wait()
				t.Fatalf("dbplan sim serve exited before printing its endpoint; stderr:\n%s", stderr.String())
			}
			line = strings.TrimPrefix(strings.TrimSpace(line), "export ")
			if k, v, ok := strings.Cut(line, "="); ok {
				vars[k] = strings.Trim(v, `'"`)
			}
		case <-deadline: // a guard against a hang, not a timing assertion
			t.Fatalf("dbplan sim serve printed no endpoint within 30s; stderr:\n%s", stderr.String())
		}
	}
	go func() {
		for range lines {
		}
	}()
	s.endpoint = vars["DBPLAN_ENDPOINT"]
	s.env = []string{
		"DBPLAN_ENDPOINT=" + s.endpoint,
		"TENCENTCLOUD_SECRET_ID=" + vars["TENCENTCLOUD_SECRET_ID"],
		"TENCENTCLOUD_SECRET_KEY=" + vars["TENCENTCLOUD_SECRET_KEY"],
	}
	return s
}

// stop ends the simulator with SIGINT (so it saves its state) and waits
// for it; one that does not stop is killed.
func (s *sim) stop() {
	select {
	case <-s.proc.Done():
		return
	default:
	}
	_ = s.proc.Signal(os.Interrupt)
	select {
	case <-s.proc.Done():
	case <-time.After(20 * time.Second):
		_ = s.proc.Signal(os.Kill)
		<-s.proc.Done()
	}
}

// advance moves the clock of a simulator started with --time-control
// forward by d (flows end, temporary credentials expire).
func (s *sim) advance(d time.Duration) {
	s.t.Helper()
	resp, err := http.Post(s.endpoint+"/_tcsim/advance?by="+d.String(), "text/plain", nil)
	if err != nil {
		s.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		s.t.Fatalf("advancing the simulator clock by %v: HTTP %d", d, resp.StatusCode)
	}
}

// counters reads the simulator's counters over its test endpoint.
func (s *sim) counters() simCounters {
	s.t.Helper()
	resp, err := http.Get(s.endpoint + "/_tcsim/counters")
	if err != nil {
		s.t.Fatalf("reading simulator counters: %v", err)
	}
	defer resp.Body.Close()
	var c simCounters
	if err := json.NewDecoder(resp.Body).Decode(&c); err != nil {
		s.t.Fatalf("decoding simulator counters: %v", err)
	}
	return c
}

// simCounters mirrors the parts of tcsim.Counters the tests read.
type simCounters struct {
	Calls          map[string]int
	Throttled      map[string]int
	AccountCreates map[string]int
	AccountDeletes map[string]int
}

// createdOnce fails the test unless the simulator created exactly want
// accounts, none of them twice, and returns its counters.
func (s *sim) createdOnce(want int) simCounters {
	s.t.Helper()
	c := s.counters()
	for acct, n := range c.AccountCreates {
		if n != 1 {
			s.t.Errorf("account %s created %d times", acct, n)
		}
	}
	if got := len(c.AccountCreates); got != want {
		s.t.Errorf("%d accounts created in all, want %d", got, want)
	}
	return c
}

// result is one finished dbplan run.
type result struct {
	code           int
	stdout, stderr string
}

// dbplan runs the binary with args in dir, with the simulator's
// credentials and endpoint plus extraEnv, and returns its result.
func (s *sim) dbplan(dir string, extraEnv []string, args ...string) result {
	s.t.Helper()
	return runDbplan(s.t, dir, append(append([]string{}, s.env...), extraEnv...), args...)
}

// runDbplan runs the binary with args in dir with a minimal environment
// plus env, and returns its result.
func runDbplan(t *testing.T, dir string, env []string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := osexec.CommandContext(ctx, dbplanBin, args...)
	cmd.Dir = dir
	cmd.Env = append(baseEnv(t), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := run(t, cmd)
	code := 0
	if err != nil {
		ee, ok := err.(*osexec.ExitError)
		if !ok {
			t.Fatalf("running dbplan %v: %v", args, err)
		}
		code = ee.ExitCode()
	}
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// run runs cmd to its end as a child that does not outlive the test (see
// proctest), as cmd.Run would.
func run(t *testing.T, cmd *osexec.Cmd) error {
	t.Helper()
	p, err := proctest.Start(t, cmd)
	if err != nil {
		return err
	}
	return p.Wait()
}

// baseEnv is a minimal environment: no real credentials, profile files or
// variables of the developer's machine leak into a test.
func baseEnv(t *testing.T) []string {
	home := t.TempDir()
	return []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "TENCENTCLOUD_CREDENTIALS_FILE=" + filepath.Join(home, "none")}
}

// writeFile writes content to dir/name.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// mustCode fails the test when r did not exit with want.
func mustCode(t *testing.T, what string, r result, want int) {
	t.Helper()
	if r.code != want {
		t.Fatalf("%s: exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", what, r.code, want, r.stdout, r.stderr)
	}
}
