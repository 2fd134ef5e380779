package reportview

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dbplan/dbplan/internal/exec"
	"github.com/dbplan/dbplan/internal/plan"
)

// deleteReport has creates and deletes; the deletes are counted apart.
func deleteReport() *exec.Report {
	return &exec.Report{Started: epoch, Actions: []exec.ActionResult{
		{ID: "a#create_account", Addr: "postgres_instance.x.account.a", Kind: plan.CreateAccount, Outcome: exec.Succeeded},
		{ID: "b#delete_account", Addr: "postgres_instance.x.account.b", Kind: plan.DeleteAccount, Outcome: exec.Succeeded},
		{ID: "c#delete_account", Addr: "postgres_instance.x.account.c", Kind: plan.DeleteAccount, Outcome: exec.Drifted,
			Detail: "Account c was recreated since the plan."},
	},
		Totals: map[exec.Outcome]int{exec.Succeeded: 2, exec.Drifted: 1},
		Effects: []exec.EffectSummary{
			{Effect: plan.EffectCreate, Actions: 1, Counts: map[exec.Outcome]int{exec.Succeeded: 1}},
			{Effect: plan.EffectDelete, Actions: 2, Counts: map[exec.Outcome]int{exec.Succeeded: 1, exec.Drifted: 1}},
		}}
}

func TestDeletesCountedApart(t *testing.T) {
	var h, md, js bytes.Buffer
	if err := Human(&h, deleteReport(), HumanOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h.String(), "  deletes:") || !strings.Contains(h.String(), "1 succeeded, 1 drifted") {
		t.Errorf("Human() has no deletes line with their outcomes:\n%s", h.String())
	}
	if err := Markdown(&md, deleteReport()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "| deletes | 2 | 1 succeeded, 1 drifted |") {
		t.Errorf("Markdown() has no deletes row:\n%s", md.String())
	}
	if err := JSON(&js, deleteReport()); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Effects []struct {
			Effect   string         `json:"effect"`
			Actions  int            `json:"actions"`
			Outcomes map[string]int `json:"outcomes"`
		} `json:"effects"`
		Actions []struct {
			Effect string `json:"effect"`
		} `json:"actions"`
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Effects) != 2 || doc.Effects[1].Effect != "delete" || doc.Effects[1].Actions != 2 ||
		doc.Effects[1].Outcomes["succeeded"] != 1 || doc.Effects[1].Outcomes["drifted"] != 1 {
		t.Errorf("JSON effects = %+v, want create and delete with the delete outcomes", doc.Effects)
	}
	var effects []string
	for _, a := range doc.Actions {
		effects = append(effects, a.Effect)
	}
	if diff := cmp.Diff([]string{"create", "delete", "delete"}, effects); diff != "" {
		t.Errorf("JSON action effects mismatch (-want +got):\n%s", diff)
	}
}

// TestSingleEffectNotRepeated: a run of creates only has no effect lines
// (the headline says it all); a run of deletes only still has one.
func TestSingleEffectNotRepeated(t *testing.T) {
	r := deleteReport()
	r.Effects = r.Effects[:1]
	var b bytes.Buffer
	if err := Human(&b, r, HumanOptions{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "creates:") {
		t.Errorf("Human() repeats a single create effect:\n%s", b.String())
	}
	r.Effects = deleteReport().Effects[1:]
	b.Reset()
	if err := Human(&b, r, HumanOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "deletes:") {
		t.Errorf("Human() of a delete-only run has no deletes line:\n%s", b.String())
	}
}
