package reportview

import (
	"bufio"
	"bytes"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/clock"
	"github.com/dbplan/dbplan/internal/exec"
	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/retry"
)

// syncBuffer is a bytes.Buffer safe for the progress timer goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func TestEventsStream(t *testing.T) {
	var b bytes.Buffer
	ev := NewEvents(&b, clock.NewFake(epoch))
	a := &plan.Action{ID: "a#create_account", Addr: "postgres_instance.x.account.a", Kind: plan.CreateAccount}
	r := sampleReport()
	ev.RunStarted(5, epoch)
	ev.ActionStarted(a, epoch)
	ev.ActionRetrying(a, retry.Event{Attempt: 1, Class: apiclient.Throttled, Delay: 150 * time.Millisecond,
		Err: &apiclient.Error{Action: "CreateAccount", Code: "RequestLimitExceeded", RequestID: "req-9"}})
	for _, ar := range r.Actions {
		ev.ActionFinished(ar)
	}
	ev.RunFinished(r)
	if err := ev.Err(); err != nil {
		t.Fatal(err)
	}
	var types []string
	sc := bufio.NewScanner(&b)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %q is not JSON: %v", sc.Text(), err)
		}
		if m["format_version"] != FormatVersion {
			t.Errorf("line %q has no format_version %s", sc.Text(), FormatVersion)
		}
		types = append(types, m["type"].(string))
		if m["type"] == "retry" && (m["class"] != "throttled" || m["error"].(map[string]any)["request_id"] != "req-9") {
			t.Errorf("retry event = %v", m)
		}
		if m["type"] == "summary" && m["report"].(map[string]any)["actions"] != nil {
			t.Errorf("summary event carries the actions: %v", m)
		}
	}
	want := "run_start action_start retry action_complete action_complete action_error action_error action_error summary"
	if got := strings.Join(types, " "); got != want {
		t.Errorf("event types = %s\nwant %s", got, want)
	}
}

func TestProgressLine(t *testing.T) {
	tests := []struct {
		name     string
		terminal bool
		prefix   string
	}{
		{name: "plain", terminal: false, prefix: ""},
		{name: "terminal", terminal: true, prefix: "\r\x1b[K"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := clock.NewFake(epoch)
				var out syncBuffer
				p := NewProgress(&out, ProgressOptions{Terminal: tc.terminal, Interval: 5 * time.Second, Clock: f})
				p.RunStarted(10, f.Now())
				for i := range 4 {
					p.ActionStarted(&plan.Action{Kind: []plan.Kind{plan.CreateAccount, plan.OpenExtranet}[i%2]}, f.Now())
					p.ActionFinished(exec.ActionResult{})
				}
				p.ActionRetrying(&plan.Action{}, retry.Event{Class: apiclient.Throttled})
				synctest.Wait() // the update timer is set
				if f.Pending() != 1 {
					t.Fatal("progress timer never started")
				}
				f.Advance(5 * time.Second)
				synctest.Wait() // the line is drawn
				want := tc.prefix + "4/10 done, 0.8 actions/s (quota 120/s), ETA 7.5s, 1 retries, 1 throttled"
				p.RunFinished(&exec.Report{})
				if !strings.Contains(out.String(), want) {
					t.Errorf("progress output %q lacks %q", out.String(), want)
				}
			})
		})
	}
}
