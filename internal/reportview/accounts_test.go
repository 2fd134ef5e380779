package reportview

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dbplan/dbplan/internal/exec"
)

// twoAccounts is the sample report as run in two accounts.
func twoAccounts() *exec.Report {
	r := sampleReport()
	for i := range r.Actions {
		r.Actions[i].Account = []string{"100000000001", "200000000002"}[i%2]
	}
	r.Accounts = []exec.AccountSummary{
		{Account: "100000000001", Providers: []string{"tencentcloud"}, Actions: 3,
			Counts: map[exec.Outcome]int{exec.Succeeded: 1, exec.Failed: 1, exec.Unconfirmed: 1}, Calls: 3, Rate: 19.6},
		{Account: "200000000002", Providers: []string{"tencentcloud.prod", "tencentcloud.prod_sh"}, Actions: 2,
			Counts: map[exec.Outcome]int{exec.Adopted: 1, exec.Skipped: 1}, Calls: 2, Throttles: 1, Rate: 18.2},
	}
	return r
}

// TestPerAccountFigures: a run in several accounts shows each account's
// outcomes, calls, rate and throttles in every view; a run in one account
// does not repeat its totals.
func TestPerAccountFigures(t *testing.T) {
	var human, md bytes.Buffer
	if err := Human(&human, twoAccounts(), HumanOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := Markdown(&md, twoAccounts()); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"By account:",
		"100000000001 (tencentcloud): 1 succeeded, 1 failed, 1 unconfirmed; 3 calls at 19.6/s, 0 throttled",
		"200000000002 (tencentcloud.prod, tencentcloud.prod_sh): 1 adopted, 1 skipped; 2 calls at 18.2/s, 1 throttled",
	} {
		if !strings.Contains(human.String(), want) {
			t.Errorf("human report lacks %q:\n%s", want, human.String())
		}
	}
	if !strings.Contains(md.String(), "| 200000000002 (tencentcloud.prod, tencentcloud.prod_sh) | 2 | 1 adopted, 1 skipped | 2 | 18.2 | 1 |") {
		t.Errorf("markdown lacks the account row:\n%s", md.String())
	}
	var js bytes.Buffer
	if err := JSON(&js, twoAccounts()); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Accounts []jsonAccount `json:"accounts"`
		Actions  []struct {
			Account string `json:"account"`
		} `json:"actions"`
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Accounts) != 2 || doc.Accounts[1].Calls != 2 || doc.Accounts[1].Throttles != 1 ||
		doc.Accounts[1].Outcomes["adopted"] != 1 || doc.Actions[1].Account != "200000000002" {
		t.Errorf("JSON accounts/actions: %+v", doc)
	}
	if diff := cmp.Diff([]string{"tencentcloud.prod", "tencentcloud.prod_sh"}, doc.Accounts[1].Providers); diff != "" {
		t.Errorf("providers (-want +got):\n%s", diff)
	}

	one := sampleReport()
	one.Accounts = []exec.AccountSummary{{Account: "100000000001", Actions: 5}}
	human.Reset()
	if err := Human(&human, one, HumanOptions{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(human.String(), "By account") {
		t.Errorf("a single account is shown apart:\n%s", human.String())
	}
}

func TestProgressShowsAccounts(t *testing.T) {
	p := NewProgress(&bytes.Buffer{}, ProgressOptions{AccountTotals: map[string]int{"200000000002": 3, "100000000001": 2}})
	p.ActionFinished(exec.ActionResult{Account: "200000000002"})
	p.ActionFinished(exec.ActionResult{Account: "100000000001"})
	p.ActionFinished(exec.ActionResult{Account: "200000000002"})
	if got, want := p.Line(), " · accounts 100000000001 1/2, 200000000002 2/3"; !strings.HasSuffix(got, want) {
		t.Errorf("Line() = %q, want it to end with %q", got, want)
	}
	single := NewProgress(&bytes.Buffer{}, ProgressOptions{AccountTotals: map[string]int{"100000000001": 2}})
	if strings.Contains(single.Line(), "accounts") {
		t.Errorf("one account: %q", single.Line())
	}
}
