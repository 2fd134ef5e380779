package planview_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/planview"
)

// deletePlan has one delete among other changes.
func deletePlan() *plan.Plan {
	p := samplePlan()
	p.Actions = append(p.Actions, plan.Action{
		ID: "postgres_instance.a.account.old#delete_account", Addr: "postgres_instance.a.account.old", Kind: plan.DeleteAccount,
		Target: plan.Target{InstanceID: "postgres-1", UserName: "old"}, Before: map[string]string{"user_name": `"old"`, "type": `"normal"`},
		Risks: []string{plan.RiskDeletes}, Reason: "The configuration declares account old absent = true.",
		Precondition: plan.Precondition{Expect: "2026-01-01 00:00:00"},
	})
	return p
}

// TestDeleteInEveryView: a delete is shown with "-" (red on a terminal),
// with what it removes, counted in "to destroy", called out in Markdown
// and listed in JSON with effect "delete".
func TestDeleteInEveryView(t *testing.T) {
	var h, hc, md, js bytes.Buffer
	if err := planview.Human(&h, deletePlan(), planview.HumanOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"(+ create, ~ update, - destroy)", "  - account.old  DeleteAccount  ! deletes\n",
		`      user_name = "old"`, `      type      = "normal"`, "1 to destroy"} {
		if !strings.Contains(h.String(), want) {
			t.Errorf("Human() lacks %q:\n%s", want, h.String())
		}
	}
	if err := planview.Human(&hc, deletePlan(), planview.HumanOptions{Color: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(hc.String(), "\x1b[31m-\x1b[0m account.old") {
		t.Errorf("Human(Color) does not show the delete in red:\n%s", hc.String())
	}
	if err := planview.Markdown(&md, deletePlan(), planview.MarkdownOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"> [!CAUTION]\n> **Deletions**: 1 object(s) will be deleted:\n> - `postgres_instance.a.account.old` (DeleteAccount on postgres-1)",
		"- account.old  DeleteAccount", "1 to destroy"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("Markdown() lacks %q:\n%s", want, md.String())
		}
	}
	if strings.Index(md.String(), "Deletions") > strings.Index(md.String(), "Public exposure") {
		t.Error("Markdown(): the deletions call-out is not the first")
	}
	if err := planview.JSON(&js, deletePlan()); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Actions []struct {
			Effect string         `json:"effect"`
			Kind   string         `json:"kind"`
			Before map[string]any `json:"before"`
		} `json:"actions"`
		Summary struct {
			Destroy int `json:"destroy"`
		} `json:"summary"`
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	last := doc.Actions[len(doc.Actions)-1]
	if doc.Summary.Destroy != 1 || last.Effect != "delete" || last.Kind != "delete_account" || last.Before["user_name"] != "old" {
		t.Errorf("JSON: summary.destroy %d, last action %+v; want 1 and the delete", doc.Summary.Destroy, last)
	}
}
