package tcsim

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dbplan/dbplan/internal/clock"
)

// newStateServer starts a test server on the test world that persists to
// state.json in a new directory, with a fake clock and a Guangzhou client.
func newStateServer(t *testing.T) (dir, statePath string, clk *clock.Fake, c *rawClient) {
	t.Helper()
	return newStateServerAt(t, filepath.Join(t.TempDir(), "state.json"))
}

// newStateServerAt is newStateServer with the state file at statePath.
func newStateServerAt(t *testing.T, statePath string) (dir, _ string, clk *clock.Fake, c *rawClient) {
	t.Helper()
	dir = filepath.Dir(statePath)
	clk = clock.NewFake(testStart)
	run := NewTestServer(t, loadTestWorld(t), Options{Clock: clk, StatePath: statePath})
	c = &rawClient{t: t, url: run.URL, id: testID1, key: testKey1, clk: clk, region: "ap-guangzhou"}
	return dir, statePath, clk, c
}

func TestStatePersistsAcrossRuns(t *testing.T) {
	dir, statePath, clk, c := newStateServer(t)
	if _, err := os.Stat(statePath); err != nil {
		t.Fatalf("state file not written at start: %v", err)
	}
	c.ok("CreateAccount", obj{"DBInstanceId": inst, "UserName": "persisted", "Password": "Very$ecret1", "Type": "normal"})
	flow := c.ok("OpenDBExtranetAccess", obj{"DBInstanceId": inst})["FlowId"].(float64)
	b, err := os.ReadFile(statePath)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "Very$ecret1") {
		t.Error("the state file contains an account password")
	}
	if strings.Contains(string(b), testKey1) || strings.Contains(string(b), "secret_key") {
		t.Error("the state file contains a credential's secret key")
	}
	if info, _ := os.Stat(statePath); info.Mode().Perm() != 0o600 {
		t.Errorf("state file mode %v, want 0600", info.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("state dir holds %d entries (temporary files left?)", len(entries))
	}

	// A second simulator on the same state file sees the account and the
	// running flow; of its world argument only the credentials are used
	// (the state file holds none).
	run2 := NewTestServer(t, &World{Credentials: loadTestWorld(t).Credentials}, Options{Clock: clk, StatePath: statePath})
	c2 := *c
	c2.url = run2.URL
	if account(t, run2.Server, inst, "persisted") == nil {
		t.Error("account lost across runs")
	}
	if net, st := publicStatus(t, &c2, inst, false); net["Status"] != "opening" || st != "network changing" {
		t.Errorf("flow state lost: %v %s", net["Status"], st)
	}
	clk.Advance(DefaultFlowDuration)
	if s, _ := taskStatus(t, &c2, flow); s != "Success" {
		t.Errorf("task after restart = %s", s)
	}
	if net, _ := publicStatus(t, &c2, inst, false); net["Status"] != "opened" {
		t.Errorf("public after restart = %v", net["Status"])
	}
	// New flows continue the id sequence.
	if next := c2.ok("CloseDBExtranetAccess", obj{"DBInstanceId": inst})["FlowId"].(float64); next != flow+1 {
		t.Errorf("next flow id %v, want %v", next, flow+1)
	}
	w3, err := LoadWorld(statePath)
	if err != nil {
		t.Fatalf("state file does not load as a world: %v", err)
	}
	if len(w3.Tasks) != 2 {
		t.Errorf("state has %d tasks, want 2", len(w3.Tasks))
	}
}

func TestCorruptStateFile(t *testing.T) {
	dir := t.TempDir()
	statePath := filepath.Join(dir, "state.json")
	if err := os.WriteFile(statePath, []byte(`{"instances": [`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := New(loadTestWorld(t), Options{StatePath: statePath})
	if err == nil || !strings.Contains(err.Error(), statePath) || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("New with a corrupt state file: %v; want an error naming the file and the position", err)
	}
}

func TestWriteFileAtomicFailureKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "state.json")
	if err := os.Mkdir(target, 0o700); err != nil { // renaming a file over a directory fails
		t.Fatal(err)
	}
	if err := writeFileAtomic(target, []byte("{}")); err == nil {
		t.Fatal("writeFileAtomic over a directory succeeded")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary file left behind: %d entries", len(entries))
	}
}

func TestStateWriteFailureAnswersInternalError(t *testing.T) {
	_, statePath, _, c := newStateServer(t)
	os.Remove(statePath)
	if err := os.Mkdir(statePath, 0o700); err != nil {
		t.Fatal(err)
	}
	if got := c.code("DeleteAccount", obj{"DBInstanceId": inst, "UserName": "app_rw"}); got != codeInternalError {
		t.Errorf("mutation with an unwritable state file: %q, want %s", got, codeInternalError)
	}
	// Reads that change nothing still work.
	c.ok("DescribeAccounts", obj{"DBInstanceId": inst})
	_ = time.Second
}
