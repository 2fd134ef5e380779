package tcsim

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	osexec "os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dbplan/dbplan/internal/apischema"
	"github.com/dbplan/dbplan/internal/clock"
	"github.com/dbplan/dbplan/internal/proctest"
)

// nodeSDKDir holds the pinned Node.js SDK (package.json, package-lock.json)
// and the script that drives it; `npm ci --prefix` it to install.
const nodeSDKDir = "testdata/nodesdk"

// envRequireNodeSDK makes a missing Node.js or SDK a failure instead of a
// skip (CI sets it after installing them).
const envRequireNodeSDK = "DBPLAN_REQUIRE_NODE_SDK"

// nodeCall is one call for drive.js.
type nodeCall struct {
	Product string         `json:"product"`
	Version string         `json:"version"`
	Action  string         `json:"action"`
	Params  map[string]any `json:"params"`
}

// nodeResult is one line drive.js writes.
type nodeResult struct {
	Action   string         `json:"action"`
	OK       bool           `json:"ok"`
	Response map[string]any `json:"response"`
	Code     string         `json:"code"`
	Message  string         `json:"message"`
}

// runNodeSDK runs calls through the official Node.js SDK against the
// simulator at rawURL and returns one result per call.
func runNodeSDK(t *testing.T, rawURL, id, key string, calls []nodeCall) []nodeResult {
	t.Helper()
	node, err := osexec.LookPath("node")
	modules := filepath.Join(nodeSDKDir, "node_modules", "tencentcloud-sdk-nodejs-common")
	if _, serr := os.Stat(modules); err != nil || serr != nil {
		msg := "the official Node.js SDK is not installed: install Node.js and run `npm ci --prefix internal/tcsim/" + nodeSDKDir + "`"
		if os.Getenv(envRequireNodeSDK) != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	in, err := json.Marshal(map[string]any{"port": u.Port(), "secretId": id, "secretKey": key,
		"region": "ap-guangzhou", "calls": calls})
	if err != nil {
		t.Fatal(err)
	}
	cmd := osexec.Command(node, "drive.js")
	cmd.Dir = nodeSDKDir
	cmd.Stdin = bytes.NewReader(in)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	p, err := proctest.Start(t, cmd)
	if err == nil {
		err = p.Wait()
	}
	out := stdout.Bytes()
	if err != nil {
		t.Fatalf("node drive.js: %v\n%s", err, stderr.String())
	}
	var res []nodeResult
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var r nodeResult
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("drive.js wrote %q: %v", sc.Text(), err)
		}
		res = append(res, r)
	}
	if len(res) != len(calls) {
		t.Fatalf("drive.js answered %d of %d calls\n%s", len(res), len(calls), stderr.String())
	}
	return res
}

// TestOfficialNodeSDK drives the simulator with the official Node.js SDK,
// an implementation of signing, hosts, JSON and big integers written
// independently of dbplan and of the Go SDK: a stateful sequence, then
// every documented example of every served action. Each served action
// must be exercised, so a new action needs a documented example or a step
// here.
func TestOfficialNodeSDK(t *testing.T) {
	schema, err := apischema.Load()
	if err != nil {
		t.Fatal(err)
	}
	served := actionTable()
	// The SDK signs with the wall clock: the simulator's clock starts now
	// and stands still, so flows started here stay running.
	run := NewTestServer(t, exampleWorld(t, schema, served), Options{Clock: clock.NewFake(time.Now()), RateScale: 1000})
	version := map[string]string{servicePostgres: versionPostgres, serviceCynosdb: versionCynosdb, serviceSTS: versionSTS}

	steps := []nodeCall{
		{servicePostgres, versionPostgres, "CreateAccount", map[string]any{"DBInstanceId": "postgres-exmaster",
			"UserName": "node_user", "Password": "Node_passw0rd!", "Type": "normal", "Remark": "from-node"}},
		{servicePostgres, versionPostgres, "DescribeAccounts", map[string]any{"DBInstanceId": "postgres-exmaster", "Limit": 100}},
		{servicePostgres, versionPostgres, "OpenDBExtranetAccess", map[string]any{"DBInstanceId": "postgres-exmaster"}},
	}
	res := runNodeSDK(t, run.URL, testID1, testKey1, steps)
	for i, r := range res {
		if !r.OK {
			t.Fatalf("%s via the Node.js SDK: %s: %s", steps[i].Action, r.Code, r.Message)
		}
	}
	if !strings.Contains(jsonText(t, res[1].Response["Details"]), `"UserName":"node_user"`) {
		t.Errorf("DescribeAccounts via the Node.js SDK does not list the account it created: %v", res[1].Response)
	}
	flow, _ := res[2].Response["FlowId"].(float64)
	if flow <= 0 {
		t.Fatalf("OpenDBExtranetAccess via the Node.js SDK: no FlowId in %v", res[2].Response)
	}
	tasks := runNodeSDK(t, run.URL, testID1, testKey1, []nodeCall{{servicePostgres, versionPostgres, "DescribeTasks",
		map[string]any{"TaskId": int64(flow)}}})
	if !tasks[0].OK || !strings.Contains(jsonText(t, tasks[0].Response), `"TaskSet"`) {
		t.Errorf("DescribeTasks of flow %v via the Node.js SDK: %+v", flow, tasks[0])
	}

	exercised := map[string]bool{}
	for _, s := range steps {
		exercised[s.Action] = true
	}
	exercised["DescribeTasks"] = true
	var calls []nodeCall
	for _, a := range served {
		for _, ex := range schema.Examples(a.service, a.name) {
			params := map[string]any{}
			if strings.TrimSpace(ex.Request) == "" {
				// Documented with no parameters (GetCallerIdentity).
			} else if err := json.Unmarshal([]byte(ex.Request), &params); err != nil {
				t.Fatalf("%s example %q: %v", a.name, ex.Title, err)
			}
			calls = append(calls, nodeCall{a.service, version[a.service], a.name, params})
		}
	}
	for i, r := range runNodeSDK(t, run.URL, testID1, testKey1, calls) {
		exercised[calls[i].Action] = true
		switch {
		case r.OK && r.Response["RequestId"] == nil:
			t.Errorf("%s via the Node.js SDK: an answer without RequestId: %v", r.Action, r.Response)
		case !r.OK && (strings.HasPrefix(r.Code, "AuthFailure") || malformedRequestCode(r.Code) || r.Code == ""):
			t.Errorf("%s via the Node.js SDK: the documented request was refused: %q: %s\nparams: %v", r.Action, r.Code, r.Message, calls[i].Params)
		}
	}
	for _, a := range served {
		if !exercised[a.name] {
			t.Errorf("%s %s is served but not exercised through the Node.js SDK: it has no documented example; add a step", a.service, a.name)
		}
	}
}

// jsonText is v as compact JSON.
func jsonText(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
