package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"

	"github.com/dbplan/dbplan/internal/tcsim"
)

// TestSimServe runs `dbplan sim serve` in-process on a free port, reads
// the printed setup lines, calls it with the official SDK, then interrupts
// it and expects a clean exit.
func TestSimServe(t *testing.T) {
	dir := t.TempDir()
	statePath := filepath.Join(dir, "state.json")
	pr, pw := io.Pipe()
	var stderr syncBuffer
	e := &env{stdin: strings.NewReader(""), stdout: pw, stderr: &stderr, getenv: func(string) string { return "" }}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	exit := make(chan int, 1)
	go func() {
		exit <- run(ctx, []string{"sim", "serve", "--addr", "127.0.0.1:0", "--state", statePath, "--seed", "3"}, e)
		pw.Close()
	}()

	vars := map[string]string{}
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		line := sc.Text()
		if k, v, ok := strings.Cut(strings.TrimPrefix(line, "export "), "="); ok && strings.HasPrefix(line, "export ") {
			vars[k] = v
		}
		if strings.HasPrefix(line, "export DBPLAN_ENDPOINT=") {
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	if vars["TENCENTCLOUD_SECRET_ID"] != tcsim.DefaultSecretID || vars["TENCENTCLOUD_SECRET_KEY"] != tcsim.DefaultSecretKey {
		t.Fatalf("printed credentials %v; stderr: %s", vars, stderr.String())
	}
	endpoint := strings.TrimPrefix(vars["DBPLAN_ENDPOINT"], "http://")
	if !strings.HasPrefix(endpoint, "127.0.0.1:") || strings.HasSuffix(endpoint, ":0") {
		t.Fatalf("endpoint %q is not a real loopback port", vars["DBPLAN_ENDPOINT"])
	}

	prof := profile.NewClientProfile()
	prof.HttpProfile.Scheme = "HTTP"
	prof.HttpProfile.Endpoint = endpoint
	client := common.NewCommonClient(common.NewCredential(vars["TENCENTCLOUD_SECRET_ID"], vars["TENCENTCLOUD_SECRET_KEY"]), "ap-guangzhou", prof)
	req := tchttp.NewCommonRequest("postgres", "2017-03-12", "CreateAccount")
	if err := req.SetActionParameters(map[string]any{"DBInstanceId": "postgres-demo0001", "UserName": "from_cli_test", "Password": "Cli_test_pw1", "Type": "normal"}); err != nil {
		t.Fatal(err)
	}
	if err := client.Send(req, tchttp.NewCommonResponse()); err != nil {
		t.Fatalf("SDK call to dbplan sim serve: %v", err)
	}

	cancel()
	select {
	case code := <-exit:
		if code != exitOK {
			t.Errorf("exit code %d; stderr: %s", code, stderr.String())
		}
	case <-time.After(30 * time.Second): // a guard against a hang, not a timing assertion
		t.Fatal("sim serve did not stop after the context was cancelled")
	}
	b, err := os.ReadFile(statePath)
	if err != nil || !strings.Contains(string(b), "from_cli_test") || strings.Contains(string(b), "Cli_test_pw1") {
		t.Errorf("state file after the run: err %v, has account %v, has password %v", err,
			strings.Contains(string(b), "from_cli_test"), strings.Contains(string(b), "Cli_test_pw1"))
	}
}

func TestSimServeFlags(t *testing.T) {
	badWorld := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(badWorld, []byte(`{"instances": [{"id": "postgres-1", "region": "ap-guangzhou", "status": "runing"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout string
		wantStderr string
	}{
		{"help", []string{"sim", "serve", "-h"}, exitOK, "-flow-duration", ""},
		{"sim help", []string{"sim", "-h"}, exitOK, "dbplan sim serve", ""},
		{"no subcommand", []string{"sim"}, exitError, "", "Usage: dbplan sim serve"},
		{"unknown subcommand", []string{"sim", "run"}, exitError, "", `unknown subcommand "run"`},
		{"unknown flag", []string{"sim", "serve", "--port", "1"}, exitError, "", "flag provided but not defined: -port"},
		{"bad fault", []string{"sim", "serve", "--fault", "CreateAccount=2:error"}, exitError, "", "outside 0..1"},
		{"bad rate scale", []string{"sim", "serve", "--rate-scale", "0"}, exitError, "", "-rate-scale 0 must be positive"},
		{"extra argument", []string{"sim", "serve", "world.json"}, exitError, "", "unexpected argument"},
		{"corrupt world", []string{"sim", "serve", "--addr", "127.0.0.1:0", "--world", badWorld}, exitError, "", badWorld + `: instances[0]: instance postgres-1: unknown status "runing"`},
		{"missing world", []string{"sim", "serve", "--addr", "127.0.0.1:0", "--world", badWorld + ".nope"}, exitError, "", "bad.json.nope"},
		{"bad address", []string{"sim", "serve", "--addr", "127.0.0.1:x"}, exitError, "", "listen on 127.0.0.1:x"},
		{"every interface with the published credentials", []string{"sim", "serve", "--addr", "0.0.0.0:0"}, exitError, "",
			"refusing to serve on 0.0.0.0:0 (every network interface) with the built-in credentials"},
		{"another host with the published credentials", []string{"sim", "serve", "--addr", "192.0.2.7:0"}, exitError, "",
			"-allow-default-credentials"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			e := &env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }}
			code := run(context.Background(), tc.args, e)
			if code != tc.wantCode || !strings.Contains(stdout.String(), tc.wantStdout) || !strings.Contains(stderr.String(), tc.wantStderr) {
				t.Errorf("run(%q) = %d\nstdout: %s\nstderr: %s\nwant %d, stdout with %q, stderr with %q",
					tc.args, code, stdout.String(), stderr.String(), tc.wantCode, tc.wantStdout, tc.wantStderr)
			}
			if tc.wantCode == exitError && strings.Count(strings.SplitN(stderr.String(), "\n\n", 2)[0], "\n") > 1 {
				t.Errorf("error is not one line: %q", stderr.String())
			}
		})
	}
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader in
// different goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestSimExposure: beyond loopback the simulator needs credentials of its
// own, or the flag saying the published ones are meant.
func TestSimExposure(t *testing.T) {
	own, err := tcsim.ParseWorld([]byte(`{"credentials": [{"secret_id": "AKIDownSimulatorKey0001", "secret_key": "ownSimulatorKey0000000000000001"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	builtin := tcsim.DemoWorld()
	tests := []struct {
		addr  string
		world *tcsim.World
		allow bool
		ok    bool
	}{
		{"127.0.0.1:8765", builtin, false, true},
		{"[::1]:8765", builtin, false, true},
		{"localhost:8765", builtin, false, true},
		{":8765", builtin, false, false},
		{"[::]:8765", builtin, false, false},
		{"10.1.2.3:8765", builtin, false, false},
		{"sim.example.com:8765", builtin, false, false},
		{"0.0.0.0:8765", builtin, true, true},
		{"0.0.0.0:8765", own, false, true},
	}
	for _, tc := range tests {
		err := checkSimExposure(tc.addr, tc.world, tc.allow)
		if (err == nil) != tc.ok {
			t.Errorf("checkSimExposure(%s, own credentials %v, allow %v) = %v, want ok %v", tc.addr, tc.world != builtin, tc.allow, err, tc.ok)
		}
	}
}
