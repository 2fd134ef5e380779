package planview_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/planview"
)

func ptr[T any](v T) *T { return &v }

// samplePlan has one action per effect and risk, a note and an unmanaged
// account.
func samplePlan() *plan.Plan {
	return &plan.Plan{
		ConfigDigest: "abc",
		Actions: []plan.Action{
			{
				ID: "postgres_instance.a.account.ops#create_account", Addr: "postgres_instance.a.account.ops", Kind: plan.CreateAccount,
				Target: plan.Target{InstanceID: "postgres-1", UserName: "ops"}, Params: plan.Params{AccountType: "tencentDBSuper"},
				After: map[string]string{"type": `"tencentDBSuper"`, "password": "(sensitive)"}, Risks: []string{plan.RiskSuperuser},
				Reason: "Account ops does not exist on instance postgres-1.", NeedsPassword: true, SecretAddr: "postgres_instance.a.account.ops",
			},
			{
				ID: "postgres_instance.a.extranet#open_extranet", Addr: "postgres_instance.a.extranet", Kind: plan.OpenExtranet,
				Target: plan.Target{InstanceID: "postgres-1"}, Before: map[string]string{"public_ipv4": `"initing"`},
				After: map[string]string{"public_ipv4": `"opened"`}, Risks: []string{plan.RiskPublicExposure},
				DependsOn: []string{"postgres_instance.a.account.ops#create_account"},
			},
		},
		Unmanaged: []plan.Unmanaged{{Parent: "postgres_instance.a", Kind: "account", Name: "postgres"}},
		Unchanged: 7,
		Notes:     []plan.Note{{Severity: plan.Warning, Addr: "postgres_instance.a", Message: "Instance <b> is busy & slow."}},
	}
}

func TestHumanSummaryLine(t *testing.T) {
	tests := []struct {
		name string
		p    *plan.Plan
		want string
	}{
		{"changes", samplePlan(), "Plan: 1 to create, 1 to change, 0 to destroy. 7 unchanged, 1 unmanaged.\n"},
		{"no changes", &plan.Plan{Unchanged: 480, Unmanaged: make([]plan.Unmanaged, 7)}, "No changes. 480 unchanged, 7 unmanaged.\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := planview.Human(&buf, tc.p, planview.HumanOptions{}); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			if !strings.HasSuffix(out, tc.want) {
				t.Errorf("Human() ends with %q, want %q", out[max(0, len(out)-len(tc.want)):], tc.want)
			}
			if strings.Contains(out, "\x1b[") {
				t.Errorf("Human() without Color wrote ANSI escapes:\n%s", out)
			}
		})
	}
}

func TestHumanColor(t *testing.T) {
	var buf bytes.Buffer
	if err := planview.Human(&buf, samplePlan(), planview.HumanOptions{Color: true}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\x1b[32m+\x1b[0m account.ops", "\x1b[33m~\x1b[0m extranet", "\x1b[1m\x1b[31m! public exposure"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("Human(Color) output lacks %q:\n%s", want, buf.String())
		}
	}
}

func TestJSONDocument(t *testing.T) {
	var buf bytes.Buffer
	if err := planview.JSON(&buf, samplePlan()); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		FormatVersion string `json:"format_version"`
		Actions       []struct {
			ID            string         `json:"id"`
			APIAction     string         `json:"api_action"`
			Effect        string         `json:"effect"`
			Before        map[string]any `json:"before"`
			After         map[string]any `json:"after"`
			DependsOn     []string       `json:"depends_on"`
			Risks         []string       `json:"risks"`
			NeedsPassword bool           `json:"needs_password"`
		} `json:"actions"`
		Summary map[string]int `json:"summary"`
	}
	dec := json.NewDecoder(&buf)
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("JSON() output does not decode: %v", err)
	}
	if doc.FormatVersion != planview.FormatVersion {
		t.Errorf("format_version = %q, want %q", doc.FormatVersion, planview.FormatVersion)
	}
	wantSummary := map[string]int{"create": 1, "change": 1, "destroy": 0, "unchanged": 7, "unmanaged": 1}
	if diff := cmp.Diff(wantSummary, doc.Summary); diff != "" {
		t.Errorf("summary mismatch (-want +got):\n%s", diff)
	}
	if len(doc.Actions) != 2 {
		t.Fatalf("actions = %d, want 2", len(doc.Actions))
	}
	a := doc.Actions[1]
	if a.APIAction != "OpenDBExtranetAccess" || a.Effect != "update" || a.Before["public_ipv4"] != "initing" || a.After["public_ipv4"] != "opened" {
		t.Errorf("extranet action = %+v, want api OpenDBExtranetAccess, update, initing -> opened", a)
	}
	if c := doc.Actions[0]; c.Before == nil || c.DependsOn == nil || !c.NeedsPassword || c.After["password"] != "(sensitive)" {
		t.Errorf("create action = %+v, want empty (not null) lists and the password marker", c)
	}
}

func TestMarkdown(t *testing.T) {
	var buf bytes.Buffer
	if err := planview.Markdown(&buf, samplePlan(), planview.MarkdownOptions{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasPrefix(out, planview.MarkdownMarker+"\n") {
		t.Errorf("Markdown() does not start with the marker:\n%s", out)
	}
	for _, want := range []string{"> [!WARNING]\n> **Public exposure**", "**Superuser accounts**", "<details>", "&lt;b&gt; is busy &amp; slow"} {
		if !strings.Contains(out, want) {
			t.Errorf("Markdown() lacks %q:\n%s", want, out)
		}
	}
	if strings.Index(out, "| Action |") > strings.Index(out, "[!WARNING]") {
		t.Errorf("Markdown() summary table is not first:\n%s", out)
	}
}

// TestMarkdownTruncation: a big plan stays under MaxBytes, keeps the
// summary and call-outs whole, and says where the rest is.
func TestMarkdownTruncation(t *testing.T) {
	p := &plan.Plan{}
	for i := range 3000 {
		addr := fmt.Sprintf("postgres_instance.i%04d.extranet", i)
		p.Actions = append(p.Actions, plan.Action{
			ID: addr + "#open_extranet", Addr: addr, Kind: plan.OpenExtranet, Risks: []string{plan.RiskPublicExposure},
			Target: plan.Target{InstanceID: fmt.Sprintf("postgres-%d", i)},
			Before: map[string]string{"public_ipv4": `"initing"`}, After: map[string]string{"public_ipv4": `"opened"`},
			Reason: strings.Repeat("Long reason. ", 10),
		})
	}
	for _, limit := range []int{0, 20000} {
		t.Run(fmt.Sprint(limit), func(t *testing.T) {
			var buf bytes.Buffer
			if err := planview.Markdown(&buf, p, planview.MarkdownOptions{MaxBytes: limit}); err != nil {
				t.Fatal(err)
			}
			want := limit
			if want == 0 {
				want = planview.DefaultMaxBytes
			}
			out := buf.String()
			if len(out) > want {
				t.Errorf("Markdown() wrote %d bytes, limit %d", len(out), want)
			}
			for _, s := range []string{"**Plan: 0 to create, 3000 to change", "**Public exposure**: 3000 object(s)", "… and 2950 more", "This comment was shortened", "dbplan plan -json", "<details>"} {
				if !strings.Contains(out, s) {
					t.Errorf("Markdown() lacks %q", s)
				}
			}
			if strings.Count(out, "<details>") != strings.Count(out, "</details>") {
				t.Errorf("Markdown() left a <details> open")
			}
		})
	}
}

func TestMarkdownCodeSpansSurviveBackticks(t *testing.T) {
	p := samplePlan()
	p.Notes = []plan.Note{{Addr: "postgres_instance.x[\"a`b\"]", Message: "m"}}
	var buf bytes.Buffer
	if err := planview.Markdown(&buf, p, planview.MarkdownOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "`` postgres_instance.x[\"a`b\"] ``") {
		t.Errorf("Markdown() did not widen the code span around a backtick:\n%s", buf.String())
	}
}
