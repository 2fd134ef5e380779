package reportview

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestReadJSONRoundTrip: a saved report reads back into the same report,
// so every view of it is the one apply printed.
func TestReadJSONRoundTrip(t *testing.T) {
	r := sampleReport()
	r.Actions[0].Duration = 1234567 * time.Microsecond
	r.Interrupted, r.StoppedEarly = true, true
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
