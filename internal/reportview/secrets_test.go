package reportview

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/exec"
	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/secret"
	"github.com/dbplan/dbplan/internal/tcsim"
)

// TestNoPasswordInAnyOutput runs real actions (one accepted, one whose
// password the service rejects) against the simulator and checks that no
// rendering of the report or of the events holds either password.
func TestNoPasswordInAnyOutput(t *testing.T) {
	run := tcsim.NewTestServer(t, &tcsim.World{Instances: []tcsim.Instance{{ID: "postgres-00000001", Region: "ap-guangzhou"}}}, tcsim.Options{})
	c, err := apiclient.New(apiclient.Config{Endpoint: run.URL, Credential: common.NewCredential(tcsim.DefaultSecretID, tcsim.DefaultSecretKey)})
	if err != nil {
		t.Fatal(err)
	}
	passwords := map[string]string{"good": "Good-Passw0rd!x", "bad": "nodigitsnoupper"}
	var actions []plan.Action
	for name := range passwords {
		actions = append(actions, plan.Action{ID: name + "#create_account", Addr: "postgres_instance.p.account." + name,
			Kind: plan.CreateAccount, Target: plan.Target{Region: "ap-guangzhou", InstanceID: "postgres-00000001", UserName: name},
			Params: plan.Params{AccountType: "normal"}, NeedsPassword: true, SecretAddr: name,
			Precondition: plan.Precondition{Expect: plan.ExpectAbsent}})
	}
	var events bytes.Buffer
	r, err := exec.Run(context.Background(), &plan.Plan{Actions: actions}, exec.Options{
		Clients:  func(_, region string) (exec.API, error) { return c.Region(region), nil },
		Secrets:  func(addr string) (secret.Value, bool) { return secret.New(passwords[addr]), true },
		Observer: NewEvents(&events, nil),
		Timeout:  time.Minute,
	})
	if err != nil {
		t.Fatal(err)
	}
	if r.Count(exec.Succeeded) != 1 || r.Count(exec.Failed) != 1 {
		t.Fatalf("totals = %v, want one success and one failure", r.Totals)
	}
	var human, js, md bytes.Buffer
	_ = Human(&human, r, HumanOptions{})
	_ = JSON(&js, r)
	_ = Markdown(&md, r)
	for name, out := range map[string]string{"human": human.String(), "json": js.String(), "markdown": md.String(), "events": events.String()} {
		if !strings.Contains(out, "InvalidPassword") {
			t.Errorf("%s output does not show the password error", name)
		}
		for _, pw := range passwords {
			if strings.Contains(out, pw) {
				t.Errorf("%s output contains a password", name)
			}
		}
	}
}
