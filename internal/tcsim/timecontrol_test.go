package tcsim

import (
	"net/http"
	"testing"
	"time"

	"github.com/dbplan/dbplan/internal/clock"
)

// TestTimeControl: with TimeControl, POST /_tcsim/advance moves the
// simulator clock, so temporary credentials expire for a client signing
// with the real time, whose signatures stay valid; the total advance is
// bounded and the endpoint is off without TimeControl.
func TestTimeControl(t *testing.T) {
	run := NewTestServer(t, stsWorld(t), Options{TimeControl: true})
	cl := &rawClient{t: t, url: run.URL, id: testID1, key: testKey1, clk: clock.Real{}, region: "ap-guangzhou"}
	role := creds(t, *cl, cl.ok("AssumeRole", obj{"RoleArn": deployRole, "RoleSessionName": "s1", "DurationSeconds": 60, "ExternalId": "dbplan-ext"}))
	role.ok("DescribeDBInstances", obj{})
	advance := func(by string) int {
		resp, err := http.Post(run.URL+"/_tcsim/advance?by="+by, "text/plain", nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := advance("61s"); got != http.StatusOK {
		t.Fatalf("advance 61s: HTTP %d", got)
	}
	if code := role.code("DescribeDBInstances", obj{}); code != codeTokenFailure {
		t.Errorf("after the advance: %q, want %s", code, codeTokenFailure)
	}
	cl.ok("DescribeDBInstances", obj{}) // real-time signatures still verify
	if got := advance("4m"); got != http.StatusBadRequest {
		t.Errorf("advance past 4m in all: HTTP %d, want 400", got)
	}
	if got := advance("-1s"); got != http.StatusBadRequest {
		t.Errorf("negative advance: HTTP %d, want 400", got)
	}
	if d := run.Server.clk.Now().Sub(time.Now()); d < 60*time.Second || d > 62*time.Second {
		t.Errorf("simulator clock is %v ahead, want about 61s", d)
	}

	off := NewTestServer(t, stsWorld(t), Options{})
	resp, err := http.Post(off.URL+"/_tcsim/advance?by=1s", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("advance without TimeControl: HTTP %d, want 404", resp.StatusCode)
	}
}
