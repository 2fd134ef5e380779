package tcsim

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
)

func TestFaultModes(t *testing.T) {
	create := obj{"DBInstanceId": inst, "UserName": "faulty", "Password": "Passw0rd!x", "Type": "normal"}
	tests := []struct {
		mode       FaultMode
		code       string
		wantStatus int    // 0: the connection is dropped
		wantCode   string // API error code when status is 200
		committed  bool
		wantErr    string // transport error when the connection is dropped
	}{
		{FaultError, "", 200, codeInternalError, false, ""},
		{FaultError, "FailedOperation.DatabaseAccessError", 200, "FailedOperation.DatabaseAccessError", false, ""},
		{FaultReset, "", 0, "", false, "connection reset by peer"},
		{FaultCommitThenError, "", 200, codeInternalError, true, ""},
		{FaultCommitThen5xx, "", 502, "", true, ""},
		{FaultCommitThenDrop, "", 0, "", true, "EOF"},
		{FaultLatency, "", 200, "", true, ""},
	}
	for _, tc := range tests {
		t.Run(string(tc.mode)+tc.code, func(t *testing.T) {
			f := newFixture(t, Options{Faults: []FaultRule{{Action: "CreateAccount", Rate: 1, Mode: tc.mode, Code: tc.code}}})
			resp, err := http.DefaultClient.Do(f.cl.signed("CreateAccount", mustJSON(t, create)))
			status, code := 0, ""
			if err == nil {
				status = resp.StatusCode
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				var env struct {
					Response struct{ Error struct{ Code string } }
				}
				_ = json.Unmarshal(b, &env)
				code = env.Response.Error.Code
			}
			if status != tc.wantStatus || code != tc.wantCode {
				t.Errorf("answer = HTTP %d %q (err %v), want %d %q", status, code, err, tc.wantStatus, tc.wantCode)
			}
			if tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Errorf("transport error = %v, want one containing %q", err, tc.wantErr)
			}
			if got := account(t, f.run.Server, inst, "faulty") != nil; got != tc.committed {
				t.Errorf("committed = %v, want %v", got, tc.committed)
			}
			c := f.run.Server.Counters()
			if c.Faults["CreateAccount"] != 1 {
				t.Errorf("Faults = %v, want 1 CreateAccount", c.Faults)
			}
			// Other actions are untouched.
			f.cl.ok("DescribeAccounts", obj{"DBInstanceId": inst})
		})
	}
}

func TestCommitThenDropSeenBySDK(t *testing.T) {
	run := NewTestServer(t, loadTestWorld(t), Options{Faults: []FaultRule{{Action: "CreateAccount", Rate: 1, Mode: FaultCommitThenDrop}}})
	_, err := sdkSend(t, common.NewCredential(testID1, testKey1), run.Endpoint(), "ap-guangzhou", "postgres", "2017-03-12", "CreateAccount",
		map[string]any{"DBInstanceId": inst, "UserName": "dropped", "Password": "Passw0rd!x", "Type": "normal"})
	if got := sdkCode(err); got != "ClientError.NetworkError" {
		t.Errorf("SDK error code = %q (%v), want ClientError.NetworkError", got, err)
	}
	if account(t, run.Server, inst, "dropped") == nil {
		t.Error("commit-then-drop did not commit")
	}
	if n := run.Server.Counters().AccountCreates[inst+"/dropped"]; n != 1 {
		t.Errorf("AccountCreates = %d", n)
	}
}

func TestFaultLatencyUsesClockAndContext(t *testing.T) {
	f := newFixture(t, Options{Faults: []FaultRule{{Action: "*", Rate: 1, Mode: FaultLatency, Latency: 3 * time.Second}}})
	done := make(chan string, 1)
	go func() {
		resp, err := http.DefaultClient.Do(f.cl.signed("DescribeTasks", []byte(`{}`)))
		if err != nil {
			done <- err.Error()
			return
		}
		resp.Body.Close()
		done <- resp.Status
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if !f.clk.BlockUntil(ctx, 1) {
		t.Fatal("the request never waited on the clock")
	}
	select {
	case s := <-done:
		t.Fatalf("request finished before the latency elapsed: %s", s)
	default:
	}
	f.clk.Advance(3 * time.Second)
	if s := <-done; s != "200 OK" {
		t.Errorf("after latency: %s", s)
	}

	// A client that gives up frees the handler.
	rctx, rcancel := context.WithCancel(context.Background())
	req := f.cl.signed("DescribeTasks", []byte(`{}`)).WithContext(rctx)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- fmt.Sprint(err)
	}()
	if !f.clk.BlockUntil(ctx, 1) {
		t.Fatal("second request never waited")
	}
	rcancel()
	<-done
	if !f.clk.BlockUntilNone(ctx) {
		t.Error("the handler kept waiting after the client went away")
	}
}

func TestFaultsAreDeterministic(t *testing.T) {
	pattern := func(seed int64) []bool {
		f := newFixture(t, Options{Seed: seed, RateScale: 100, Faults: []FaultRule{{Action: "DescribeAccounts", Rate: 0.5, Mode: FaultError}}})
		var hits []bool
		for i := 0; i < 40; i++ {
			hits = append(hits, f.cl.code("DescribeAccounts", obj{"DBInstanceId": inst}) != "")
		}
		return hits
	}
	a, b, c := pattern(7), pattern(7), pattern(8)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("same seed, different faults (-first +second):\n%s", diff)
	}
	if cmp.Equal(a, c) {
		t.Error("seeds 7 and 8 gave the same fault pattern")
	}
	n := 0
	for _, h := range a {
		if h {
			n++
		}
	}
	if n < 10 || n > 30 {
		t.Errorf("rate 0.5 hit %d of 40 calls", n)
	}
}

func TestParseFaultFlag(t *testing.T) {
	tests := []struct {
		in      string
		want    FaultRule
		wantErr bool
	}{
		{"CreateAccount=0.2:commit-then-drop", FaultRule{Action: "CreateAccount", Rate: 0.2, Mode: FaultCommitThenDrop}, false},
		{"*=1:error:RequestLimitExceeded", FaultRule{Action: "*", Rate: 1, Mode: FaultError, Code: "RequestLimitExceeded"}, false},
		{"DescribeTasks=0.5:latency:200ms", FaultRule{Action: "DescribeTasks", Rate: 0.5, Mode: FaultLatency, Latency: 200 * time.Millisecond}, false},
		{"x=1:reset", FaultRule{Action: "x", Rate: 1, Mode: FaultReset}, false},
		{"noequals", FaultRule{}, true},
		{"x=1", FaultRule{}, true},
		{"x=abc:error", FaultRule{}, true},
		{"x=2:error", FaultRule{}, true},
		{"x=1:explode", FaultRule{}, true},
		{"x=1:latency:soon", FaultRule{}, true},
		{"x=1:reset:arg", FaultRule{}, true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseFaultFlag(tc.in)
			if (err != nil) != tc.wantErr {
				t.Fatalf("ParseFaultFlag(%q) error = %v, wantErr %v", tc.in, err, tc.wantErr)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("ParseFaultFlag(%q) mismatch (-want +got):\n%s", tc.in, diff)
			}
		})
	}
	if _, err := New(loadTestWorld(t), Options{Faults: []FaultRule{{Action: "x", Rate: 1, Mode: "boom"}}}); err == nil {
		t.Error("New accepted an invalid fault rule")
	}
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
