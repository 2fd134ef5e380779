package reportview

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/dbplan/dbplan/internal/exec"
	"github.com/dbplan/dbplan/internal/plan"
)

// TestReadJSONRoundTrip: a saved report reads back into the same report,
// so every view of it is the one apply printed.
func TestReadJSONRoundTrip(t *testing.T) {
	r := sampleReport()
	r.Actions[0].Duration = 1234567 * time.Microsecond
	r.Actions[0].FlowID, r.Actions[0].Throttles, r.Actions[0].Detail = 9, 2, "Completed flow 9."
	r.Actions[0].Err = &exec.ErrorInfo{Code: "RequestLimitExceeded", Class: "throttled", Message: "m", RequestID: "r", Hint: "h"}
	r.Interrupted, r.StoppedEarly, r.EndpointDown = true, true, "127.0.0.1:1 stopped answering"
	r.Effects = []exec.EffectSummary{{Effect: plan.EffectCreate, Actions: 2, Counts: map[exec.Outcome]int{exec.Succeeded: 2}},
		{Effect: plan.EffectDelete, Actions: 1, Counts: map[exec.Outcome]int{exec.Failed: 1}}}
	r.Kinds[0].Throttles = 3
	r.Actions[0].Account = "100000000001"
	r.Accounts = []exec.AccountSummary{{Account: "100000000001", Providers: []string{"tencentcloud"}, Actions: 5,
		Counts: map[exec.Outcome]int{exec.Succeeded: 2}, Calls: 4, Throttles: 1, Rate: 12.5}}
	// Every field set, so a field added to the report is round-tripped
	// here (or this fails, telling whoever added it to set it).
	for _, v := range []any{*r, r.Actions[0], *r.Actions[2].Err, r.Kinds[0], r.Effects[0], r.Accounts[0]} {
		rv := reflect.ValueOf(v)
		for i := range rv.NumField() {
			if rv.Field(i).IsZero() {
				t.Errorf("the sample leaves %s.%s unset: set it so the round trip covers it", rv.Type().Name(), rv.Type().Field(i).Name)
			}
		}
	}
	var saved bytes.Buffer
	if err := JSON(&saved, r); err != nil {
		t.Fatal(err)
	}
	if !IsReport(saved.Bytes()) {
		t.Fatal("IsReport(a report) = false")
	}
	got, err := ReadJSON(saved.Bytes())
	if err != nil {
		t.Fatalf("ReadJSON() = %v", err)
	}
	if diff := cmp.Diff(r, got); diff != "" {
		t.Errorf("ReadJSON(JSON(r)) mismatch (-want +got):\n%s", diff)
	}
	var again bytes.Buffer
	if err := JSON(&again, got); err != nil {
		t.Fatal(err)
	}
	if again.String() != saved.String() {
		t.Errorf("JSON(ReadJSON(saved)) differs from saved:\n%s\nwant:\n%s", again.String(), saved.String())
	}
}

func TestReadJSONRefusesBadReports(t *testing.T) {
	var saved bytes.Buffer
	if err := JSON(&saved, sampleReport()); err != nil {
		t.Fatal(err)
	}
	good := saved.String()
	tests := []struct{ name, data, want string }{
		{"truncated", good[:len(good)/2], "truncated or corrupt"},
		{"not a report", `{"a": 1}`, "no format_version"},
		{"another version", strings.Replace(good, `"format_version": "1"`, `"format_version": "7"`, 1), "report format 7"},
		{"unknown outcome", strings.Replace(good, `"outcome": "failed"`, `"outcome": "exploded"`, 1), `unknown outcome "exploded"`},
		{"unknown kind", strings.Replace(good, `"kind": "open_account_cam"`, `"kind": "drop_table"`, 1), `unknown kind "drop_table"`},
		{"unknown field", strings.Replace(good, `"interrupted":`, `"surprise": 1, "interrupted":`, 1), "unknown field"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.data == good {
				t.Fatal("the edit changed nothing")
			}
			_, err := ReadJSON([]byte(tc.data))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ReadJSON() = %v, want an error containing %q", err, tc.want)
			}
		})
	}
	if IsReport([]byte(`{"format_version": "2", "actions": []}`)) {
		t.Error("IsReport(a plan-like document) = true")
	}
}
