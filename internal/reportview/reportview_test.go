package reportview

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/dbplan/dbplan/internal/exec"
	"github.com/dbplan/dbplan/internal/plan"
)

var epoch = time.Date(2026, 11, 22, 20, 0, 0, 0, time.UTC)

func sampleReport() *exec.Report {
	r := &exec.Report{Started: epoch, Wall: 12300 * time.Millisecond, Actions: []exec.ActionResult{
		{ID: "a#create_account", Addr: "postgres_instance.x.account.a", Kind: plan.CreateAccount, Outcome: exec.Succeeded, Attempts: 1},
		{ID: "b#create_account", Addr: "postgres_instance.x.account.b", Kind: plan.CreateAccount, Outcome: exec.Adopted, Attempts: 2,
			Detail: "The response was lost, but a re-read shows the change applied; it was not sent again."},
		{ID: "c#open_account_cam", Addr: "postgres_instance.x.account.c", Kind: plan.OpenAccountCAM, Outcome: exec.Failed, Attempts: 1,
			Err: &exec.ErrorInfo{Code: "OperationDenied.UserNotInWhiteListError", Class: "terminal", Message: "user | not in allowlist",
				RequestID: "req-123", Hint: "ask Tencent Cloud support"}},
		{ID: "x.extranet#open_extranet", Addr: "postgres_instance.x.extranet", Kind: plan.OpenExtranet, Outcome: exec.Skipped,
			Detail: "Not run: it depends on c#open_account_cam, which failed."},
		{ID: "y.extranet#open_extranet", Addr: "postgres_instance.y.extranet", Kind: plan.OpenExtranet, Outcome: exec.Unconfirmed, FlowID: 77,
			Detail: "Started flow 77, but its completion was not seen."},
	}}
	r.Totals = map[exec.Outcome]int{exec.Succeeded: 1, exec.Adopted: 1, exec.Failed: 1, exec.Skipped: 1, exec.Unconfirmed: 1}
	r.Kinds = []exec.KindSummary{
		{Kind: plan.CreateAccount, APIAction: "CreateAccount", Actions: 2, Counts: map[exec.Outcome]int{exec.Succeeded: 1, exec.Adopted: 1}, Calls: 3, Quota: 20, Rate: 19.6},
		{Kind: plan.OpenAccountCAM, APIAction: "OpenAccountCAM", Actions: 1, Counts: map[exec.Outcome]int{exec.Failed: 1}, Calls: 1, Quota: 20},
		{Kind: plan.OpenExtranet, APIAction: "OpenDBExtranetAccess", Actions: 2, Counts: map[exec.Outcome]int{exec.Skipped: 1, exec.Unconfirmed: 1}, Calls: 1, Quota: 100},
	}
	return r
}

func TestRenderersShowEveryProblem(t *testing.T) {
	renderers := map[string]func(*bytes.Buffer, *exec.Report) error{
		"human":    func(b *bytes.Buffer, r *exec.Report) error { return Human(b, r, HumanOptions{}) },
		"markdown": func(b *bytes.Buffer, r *exec.Report) error { return Markdown(b, r) },
		"json":     func(b *bytes.Buffer, r *exec.Report) error { return JSON(b, r) },
	}
	want := []string{"postgres_instance.x.account.c", "OperationDenied.UserNotInWhiteListError", "not in allowlist",
		"req-123", "ask Tencent Cloud support", "postgres_instance.x.extranet", "postgres_instance.y.extranet", "unconfirmed"}
	for name, render := range renderers {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := render(&b, sampleReport()); err != nil {
				t.Fatalf("render: %v", err)
			}
			for _, s := range want {
				if !strings.Contains(b.String(), s) {
					t.Errorf("output lacks %q:\n%s", s, b.String())
				}
			}
		})
	}
}

func TestHumanSummary(t *testing.T) {
	var b bytes.Buffer
	if err := Human(&b, sampleReport(), HumanOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{
		"Apply finished with problems in 12.3s: 5 actions, 1 succeeded, 1 adopted, 1 failed, 1 skipped, 1 unconfirmed.",
		"3 CreateAccount calls at 19.6/s (quota 20/s), 0 throttled",
		"1 OpenAccountCAM calls (quota 20/s), 0 throttled",
		"RequestId: req-123",
		"2 changes made:\n  + postgres_instance.x.account.a (create_account)\n  + postgres_instance.x.account.b (create_account, adopted)\n",
	} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("Human() lacks %q:\n%s", s, b.String())
		}
	}
	if strings.Contains(b.String(), "\x1b[") {
		t.Error("Human() without Color wrote ANSI codes")
	}
}

func TestJSONDocument(t *testing.T) {
	var b bytes.Buffer
	if err := JSON(&b, sampleReport()); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		FormatVersion string         `json:"format_version"`
		WallSeconds   float64        `json:"wall_seconds"`
		Totals        map[string]int `json:"totals"`
		Actions       []struct {
			Effect  string `json:"effect"`
			Outcome string `json:"outcome"`
			FlowID  int64  `json:"flow_id"`
			Error   *struct {
				Code      string `json:"code"`
				RequestID string `json:"request_id"`
			} `json:"error"`
		} `json:"actions"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("JSON() output does not parse: %v", err)
	}
	if doc.FormatVersion != FormatVersion || doc.WallSeconds != 12.3 || len(doc.Actions) != 5 {
		t.Errorf("document = %+v", doc)
	}
	if doc.Totals["canceled"] != 0 || len(doc.Totals) != len(exec.Outcomes()) {
		t.Errorf("totals = %v, want every outcome listed", doc.Totals)
	}
	if e := doc.Actions[2].Error; e == nil || e.Code != "OperationDenied.UserNotInWhiteListError" || e.RequestID != "req-123" {
		t.Errorf("failed action error = %+v", e)
	}
	if doc.Actions[0].Effect != "create" || doc.Actions[3].Effect != "update" {
		t.Errorf("effects %q, %q; want create and update", doc.Actions[0].Effect, doc.Actions[3].Effect)
	}
	if doc.Actions[4].FlowID != 77 {
		t.Errorf("flow_id = %d, want 77", doc.Actions[4].FlowID)
	}
}

func TestMarkdownTruncates(t *testing.T) {
	r := &exec.Report{Started: epoch, Totals: map[exec.Outcome]int{exec.Failed: 3000}}
	for i := range 3000 {
		r.Actions = append(r.Actions, exec.ActionResult{ID: fmt.Sprint(i), Addr: fmt.Sprintf("postgres_instance.i%d.account.a", i),
			Kind: plan.CreateAccount, Outcome: exec.Failed, Err: &exec.ErrorInfo{Code: "InternalError", Message: strings.Repeat("m", 40)}})
	}
	var b bytes.Buffer
	if err := Markdown(&b, r); err != nil {
		t.Fatal(err)
	}
	if b.Len() > 61000 || !strings.Contains(b.String(), "see the JSON report") {
		t.Errorf("Markdown() length %d, truncation note present: %v", b.Len(), strings.Contains(b.String(), "see the JSON report"))
	}
}

// TestReportsNameEveryChange: every view names each object the run
// created, changed or deleted; Markdown folds the list and cuts it (with
// a note) to stay under its limit.
func TestReportsNameEveryChange(t *testing.T) {
	var b bytes.Buffer
	if err := Markdown(&b, sampleReport()); err != nil {
		t.Fatal(err)
	}
	want := "<details><summary>2 changes made</summary>\n\n- `+ postgres_instance.x.account.a (create_account)`\n" +
		"- `+ postgres_instance.x.account.b (create_account, adopted)`\n\n</details>\n"
	if !strings.Contains(b.String(), want) {
		t.Errorf("Markdown() lacks the folded list of changes %q:\n%s", want, b.String())
	}

	r := &exec.Report{Started: epoch, Totals: map[exec.Outcome]int{exec.Succeeded: 3000}}
	for i := range 3000 {
		r.Actions = append(r.Actions, exec.ActionResult{ID: fmt.Sprint(i), Addr: fmt.Sprintf("postgres_instance.i%d.account.a", i),
			Kind: plan.OpenExtranet, Outcome: exec.Succeeded})
	}
	var h bytes.Buffer
	if err := Human(&h, r, HumanOptions{}); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(h.String(), "  ~ postgres_instance.i"); n != 3000 {
		t.Errorf("Human() names %d of 3000 changes", n)
	}
	b.Reset()
	if err := Markdown(&b, r); err != nil {
		t.Fatal(err)
	}
	if b.Len() > 61000 || !strings.Contains(b.String(), "more were cut") || !strings.HasSuffix(b.String(), "</details>\n") {
		t.Errorf("Markdown() of 3000 changes: length %d, cut note %v, ends %q", b.Len(), strings.Contains(b.String(), "more were cut"), b.String()[b.Len()-40:])
	}
}

// TestHumanErrorLines: no line ends in an empty ": " when an error has
// a code but no message, or a message but no code.
func TestHumanErrorLines(t *testing.T) {
	r := &exec.Report{Started: epoch, Totals: map[exec.Outcome]int{exec.Failed: 2}, Actions: []exec.ActionResult{
		{ID: "a", Addr: "postgres_instance.x.account.a", Kind: plan.CreateAccount, Outcome: exec.Failed, Err: &exec.ErrorInfo{Code: "InternalError"}},
		{ID: "b", Addr: "postgres_instance.x.account.b", Kind: plan.CreateAccount, Outcome: exec.Failed, Err: &exec.ErrorInfo{Message: "connection reset"}},
	}}
	var b bytes.Buffer
	if err := Human(&b, r, HumanOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(b.String(), "\n") {
		if strings.HasSuffix(line, ": ") || strings.HasSuffix(line, ":") && !strings.HasSuffix(line, "made:") {
			t.Errorf("line ends in an empty %q: %q", ": ", line)
		}
	}
	for _, s := range []string{"\n  InternalError\n", "\n  connection reset\n"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("Human() lacks %q:\n%s", s, b.String())
		}
	}
}

func TestMarkdownEscapesCells(t *testing.T) {
	var b bytes.Buffer
	if err := Markdown(&b, sampleReport()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `user \| not in allowlist`) {
		t.Errorf("a pipe in a message was not escaped:\n%s", b.String())
	}
}

func TestOutcomeCounts(t *testing.T) {
	tests := map[string]struct {
		in   map[exec.Outcome]int
		want string
	}{
		"empty":      {in: nil, want: "nothing to do"},
		"ordered":    {in: map[exec.Outcome]int{exec.Canceled: 2, exec.Succeeded: 1}, want: "1 succeeded, 2 canceled"},
		"underscore": {in: map[exec.Outcome]int{exec.AlreadyDone: 3}, want: "3 already done"},
	}
	for name, tc := range tests {
		if diff := cmp.Diff(tc.want, outcomeCounts(tc.in)); diff != "" {
			t.Errorf("%s: outcomeCounts() mismatch (-want +got):\n%s", name, diff)
		}
	}
}

// TestEndpointDownIsOneClearMessage: a run stopped because the endpoint
// stopped answering says so once, in every renderer's headline and in the
// JSON document.
func TestEndpointDownIsOneClearMessage(t *testing.T) {
	r := sampleReport()
	r.EndpointDown = "the API endpoint stopped answering: 5 attempts in a row could not reach it (last: dial tcp: connection refused)"
	for name, render := range map[string]func(*bytes.Buffer) error{
		"human":    func(b *bytes.Buffer) error { return Human(b, r, HumanOptions{}) },
		"markdown": func(b *bytes.Buffer) error { return Markdown(b, r) },
	} {
		var b bytes.Buffer
		if err := render(&b); err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(b.String(), "stopped answering"); n != 1 || !strings.Contains(b.String(), "Apply stopped") {
			t.Errorf("%s: %d mentions of the endpoint, want one headline saying the apply stopped:\n%s", name, n, b.String())
		}
	}
	var b bytes.Buffer
	if err := JSON(&b, r); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		EndpointDown string `json:"endpoint_down"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil || doc.EndpointDown != r.EndpointDown {
		t.Errorf("JSON endpoint_down = %q (%v), want the reason", doc.EndpointDown, err)
	}
}
