package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// privilegesWorld has an instance with a catalog and accounts holding
// privileges, and a LibraDB cluster.
func privilegesWorld() string {
	var tables, bulk []string
	for i := range 30 {
		tables = append(tables, fmt.Sprintf(`{"name": "t%02d"}`, i))
		bulk = append(bulk, fmt.Sprintf(`{"object_type": "table", "object_name": "t%02d", "database_name": "shop", "schema_name": "public", "privileges": ["DELETE"]}`, i))
	}
	return `{
  "instances": [
    {"id": "postgres-e2epv001", "region": "ap-guangzhou", "name": "shop",
     "accounts": [
       {"user_name": "root", "user_type": "tencentDBSuper"},
       {"user_name": "analyst", "privileges": [
         {"object_type": "table", "object_name": "orders", "database_name": "shop", "schema_name": "public", "privileges": ["DELETE"]}]},
       {"user_name": "orders_app"},
       {"user_name": "migrator"},
       {"user_name": "bulk", "privileges": [` + strings.Join(bulk, ",") + `]}
     ],
     "databases": [{"name": "shop", "schemas": [{"name": "public",
       "tables": [{"name": "orders"}, {"name": "items"}, ` + strings.Join(tables, ",") + `],
       "sequences": ["orders_id_seq"]}]}]}
  ],
  "libradb_clusters": [
    {"id": "libradb-e2epv001", "region": "ap-guangzhou",
     "databases": [{"name": "sales", "tables": ["orders"]}, {"name": "marketing"}],
     "accounts": [{"account_name": "root", "builtin": true},
                  {"account_name": "bi", "privileges": {"databases": [{"db": "marketing", "privileges": ["SELECT"]}],
                                                        "tables": [{"db": "sales", "table": "orders", "privileges": ["DELETE"]}]}}]}
  ]
}`
}

// privilegesConfig declares a read-only analyst, the same app-writer
// grants for two accounts (one new) through one local, a migration owner
// made tencentDBSuper, an account whose 30 objects each gain one
// privilege and lose another (60 changes: two calls), and LibraDB grants.
const privilegesConfig = lifecycleHead + `
locals {
  app_writer = [
    { object_type = "database", database = "shop", privileges = ["CONNECT"] },
    { object_type = "schema", database = "shop", schema = "public", privileges = ["USAGE"] },
    { object_type = "table", database = "shop", schema = "public", objects = ["orders", "items"], privileges = ["SELECT", "INSERT", "UPDATE", "DELETE"] },
    { object_type = "sequence", database = "shop", schema = "public", objects = ["orders_id_seq"], privileges = ["USAGE"] },
  ]
  bulk_tables = [for i in range(30) : format("t%02d", i)]
}

postgres_instance "shop" {
  instance_id = "postgres-e2epv001"

  account "analyst" {
    grant {
      object_type = "table"
      database    = "shop"
      schema      = "public"
      objects     = ["orders"]
      privileges  = ["select"]
    }
  }

  dynamic "account" {
    for_each = toset(["orders_app", "billing_app"])
    labels   = [account.value]
    content {
      password = var.app_password
      grants   = local.app_writer
    }
  }

  account "migrator" {
    type = "tencentDBSuper"
  }

  account "bulk" {
    grant {
      object_type = "table"
      database    = "shop"
      schema      = "public"
      objects     = local.bulk_tables
      privileges  = ["SELECT"]
    }
  }
}

libradb_cluster "warehouse" {
  cluster_id = "libradb-e2epv001"

  account "bi" {
    grants = [
      { object_type = "database", database = "sales", privileges = ["SELECT", "SHOW VIEW"] },
      { object_type = "table", database = "sales", objects = ["orders"], privileges = [] },
    ]
  }
}
`

// TestPrivileges drives issue 10 through the built binary: an invalid
// privilege is refused offline at its line; the plan shows grants, revokes
// (as removals of access), a type change (as a superuser call-out) and
// LibraDB changes in every view; a mixed change of 60 entries takes two
// calls; a saved plan whose object changed privileges since is applied
// except for that object (drifted, exit 4); the next plan fixes it and
// then there is nothing to do.
func TestPrivileges(t *testing.T) {
	dir := t.TempDir()
	world := writeFile(t, dir, "world.json", privilegesWorld())
	cfgDir, opsDir := filepath.Join(dir, "db"), filepath.Join(dir, "ops")
	for _, d := range []string{cfgDir, opsDir} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	s := startSim(t, world, filepath.Join(dir, "state.json"))

	// Offline: a privilege the object type does not take, at its line.
	writeFile(t, cfgDir, "main.hcl", strings.Replace(privilegesConfig, `privileges  = ["select"]`, `privileges  = ["select", "usage"]`, 1))
	r := runDbplan(t, dir, nil, "validate", "db")
	mustCode(t, "validate with a bad privilege", r, 1)
	if !strings.Contains(r.stderr, "Invalid privilege") || !strings.Contains(r.stderr, `line 29`) || !strings.Contains(r.stderr, `"usage" is not a privilege of a table`) {
		t.Errorf("validate does not point at the bad privilege:\n%s", r.stderr)
	}

	writeFile(t, cfgDir, "main.hcl", privilegesConfig)
	r = s.dbplan(dir, nil, "plan", "-detailed-exitcode", "db")
	mustCode(t, "plan", r, 2)
	for _, want := range []string{
		`~ account.analyst.grant["table shop.public.orders"]  ModifyAccountPrivileges  ! removes access`,
		"+ privileges: SELECT",
		"- privileges: DELETE",
		`~ account.orders_app.grant["database shop"]  ModifyAccountPrivileges`,
		`~ account.billing_app.grant["sequence shop.public.orders_id_seq"]  ModifyAccountPrivileges`,
		"~ account.migrator  ModifyAccountPrivileges  ! superuser (tencentDBSuper)",
		`type = "normal" -> "tencentDBSuper"`,
		"~ account.bi  ModifyLibraDBClusterAccountPrivilege  ! removes access",
		"+ database sales: SELECT, SHOW VIEW",
		"- table sales.orders: DELETE",
		"libradb_cluster.warehouse.account.bi: libradb_privileges database marketing",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("plan lacks %q:\n%s", want, r.stdout)
		}
	}
	r = s.dbplan(dir, nil, "plan", "-markdown", "db")
	mustCode(t, "plan -markdown", r, 0)
	for _, want := range []string{"**Access removed**", "**Superuser accounts**: 1 object(s)", "-   privileges: DELETE", "+   privileges: SELECT"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("plan -markdown lacks %q:\n%s", want, r.stdout)
		}
	}

	// The 60 changes of bulk go in two calls of at most 50.
	before := s.counters().Calls["ModifyAccountPrivileges"]
	r = s.dbplan(dir, secretEnv, "apply", "-auto-approve", "-target", "postgres_instance.shop.account.bulk", "db")
	mustCode(t, "apply bulk", r, 0)
	if n := s.counters().Calls["ModifyAccountPrivileges"] - before; n != 2 {
		t.Errorf("bulk's 60 changes took %d ModifyAccountPrivileges calls, want 2", n)
	}

	r = s.dbplan(dir, secretEnv, "plan", "-out", "plan.dbplan", "-json", "db")
	mustCode(t, "plan -out -json", r, 0)
	var doc struct {
		Actions []struct {
			Address string `json:"address"`
			Kind    string `json:"kind"`
			Params  struct {
				Grant  []string `json:"grant"`
				Revoke []string `json:"revoke"`
			} `json:"params"`
			Risks []string `json:"risks"`
		} `json:"actions"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("plan -json: %v\n%s", err, r.stdout)
	}
	found := false
	for _, a := range doc.Actions {
		if a.Address == `postgres_instance.shop.account.analyst.grant["table shop.public.orders"]` {
			found = true
			if fmt.Sprint(a.Params.Grant, a.Params.Revoke, a.Risks) != "[SELECT] [DELETE] [removes_access]" {
				t.Errorf("analyst's action in -json: grant %v revoke %v risks %v", a.Params.Grant, a.Params.Revoke, a.Risks)
			}
		}
	}
	if !found {
		t.Errorf("plan -json has no action for analyst's orders:\n%s", r.stdout)
	}

	// Out of band, someone gives analyst SELECT and TRUNCATE on orders.
	writeFile(t, opsDir, "main.hcl", lifecycleHead+`
postgres_instance "shop" {
  instance_id = "postgres-e2epv001"
  account "analyst" {
    grant {
      object_type = "table"
      database    = "shop"
      schema      = "public"
      objects     = ["orders"]
      privileges  = ["DELETE", "SELECT", "TRUNCATE"]
    }
  }
}
`)
	mustCode(t, "out-of-band grant", s.dbplan(dir, nil, "apply", "-auto-approve", "ops"), 0)

	r = s.dbplan(dir, secretEnv, "apply", "-json", "plan.dbplan")
	mustCode(t, "apply the saved plan", r, 4)
	drifted := 0
	for _, line := range strings.Split(r.stdout, "\n") {
		if strings.Contains(line, `"outcome":"drifted"`) {
			drifted++
			if !strings.Contains(line, "analyst") || !strings.Contains(line, "TRUNCATE") {
				t.Errorf("drifted event is not analyst's orders gaining TRUNCATE: %s", line)
			}
		}
	}
	if drifted == 0 {
		t.Errorf("apply reports nothing drifted:\n%s", r.stdout)
	}
	assertNoSecrets(t, "apply", r.stdout, r.stderr)

	// The next plan declares what to do about it: revoke both.
	r = s.dbplan(dir, secretEnv, "plan", "db")
	mustCode(t, "plan after the drift", r, 0)
	if !strings.Contains(r.stdout, "- privileges: DELETE, TRUNCATE") || !strings.Contains(r.stdout, "Plan: 0 to create, 1 to change") {
		t.Errorf("plan after the drift:\n%s", r.stdout)
	}
	mustCode(t, "apply", s.dbplan(dir, secretEnv, "apply", "-auto-approve", "db"), 0)
	r = s.dbplan(dir, secretEnv, "plan", "-detailed-exitcode", "db")
	mustCode(t, "plan after apply", r, 0)
	if !strings.Contains(r.stdout, "No changes.") {
		t.Errorf("plan after apply:\n%s", r.stdout)
	}
	if c := s.counters(); c.Throttled["ModifyAccountPrivileges"]+c.Throttled["DescribeAccountPrivileges"] != 0 {
		t.Errorf("privilege calls throttled: %v", c.Throttled)
	}
}
