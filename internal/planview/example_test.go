package planview_test

import (
	"os"

	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/planview"
)

func ExampleHuman() {
	p := &plan.Plan{
		Actions: []plan.Action{{
			ID:     "postgres_instance.orders.account.app#create_account",
			Addr:   "postgres_instance.orders.account.app",
			Kind:   plan.CreateAccount,
			Target: plan.Target{InstanceID: "postgres-abc"},
			After:  map[string]string{"type": `"normal"`, "password": "(sensitive)"},
			Reason: "Account app does not exist on instance postgres-abc.",
		}},
		Unchanged: 3,
	}
	_ = planview.Human(os.Stdout, p, planview.HumanOptions{})
	// Output:
	// dbplan will perform the following actions (+ create, ~ update):
	//
	// postgres_instance.orders (postgres-abc)
	//   + account.app  CreateAccount
	//       type     = "normal"
	//       password = (sensitive)
	//       # Account app does not exist on instance postgres-abc.
	//
	// Plan: 1 to create, 0 to change, 0 to destroy. 3 unchanged, 0 unmanaged.
}
