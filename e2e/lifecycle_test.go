package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// lifecycleWorld has an instance with accounts to keep, lock, delete,
// prune and rotate, a full read-only group and a LibraDB cluster.
const lifecycleWorld = `{
  "instances": [
    {"id": "postgres-e2e00001", "region": "ap-guangzhou", "name": "orders",
     "accounts": [
       {"user_name": "root", "user_type": "tencentDBSuper"},
       {"user_name": "kept"},
       {"user_name": "leaver"},
       {"user_name": "contractor", "create_time": "2026-01-01 00:00:00"},
       {"user_name": "victim", "create_time": "2026-01-01 00:00:00"},
       {"user_name": "tmp_batch1"},
       {"user_name": "tmp_batch2"},
       {"user_name": "api", "password_update_time": "2026-01-01 00:00:00"}
     ]}
  ],
  "ro_groups": [
    {"id": "pgrogrp-e2e00001", "master_instance_id": "postgres-e2e00001", "region": "ap-guangzhou",
     "networks": [
       {"net_type": "private", "status": "opened", "ip": "10.0.0.9", "vpc_id": "vpc-old", "subnet_id": "subnet-old"},
       {"net_type": "private", "status": "opened", "ip": "10.0.1.9", "vpc_id": "vpc-keep", "subnet_id": "subnet-keep"}
     ]}
  ],
  "libradb_clusters": [
    {"id": "libradb-e2e00001", "region": "ap-guangzhou",
     "accounts": [{"account_name": "root", "builtin": true}, {"account_name": "etl_v1", "host": "10.0.0.5"}]}
  ]
}`

const lifecycleHead = `provider "tencentcloud" {
  region = "ap-guangzhou"
}

variable "app_password" {
  type      = string
  sensitive = true
}
`

// lifecycleConfig is the configuration that takes access away, gives it
// back and rotates: every kind of issue 9.
const lifecycleConfig = lifecycleHead + `
postgres_instance "orders" {
  instance_id = "postgres-e2e00001"

  prune_accounts {
    name_pattern = "tmp_*"
  }

  account "kept" {}

  account "leaver" {
    locked = true
  }

  account "contractor" {
    absent = true
  }

  account "api" {
    password               = var.app_password
    password_changed_after = "2026-06-01T00:00:00+08:00"
  }
}

postgres_ro_group "reporting" {
  ro_group_id        = "pgrogrp-e2e00001"
  master_instance_id = "postgres-e2e00001"

  network {
    vpc_id    = "vpc-old"
    subnet_id = "subnet-old"
    absent    = true
  }

  network {
    vpc_id    = "vpc-new"
    subnet_id = "subnet-new"
  }
}

libradb_cluster "warehouse" {
  cluster_id = "libradb-e2e00001"

  account "etl_v1" {
    host   = "10.0.0.5"
    absent = true
  }
}
`

// TestLifecycle drives the whole of issue 9 through the built binary:
// removing a block deletes nothing; declared deletes, prunes, a lock, a
// network swap and a password rotation go through plan -out and apply
// PLANFILE, shown as such in every view and report, with no password
// anywhere; the next plan has no changes.
func TestLifecycle(t *testing.T) {
	dir := t.TempDir()
	world := writeFile(t, dir, "world.json", lifecycleWorld)
	cfgDir := filepath.Join(dir, "db")
	if err := os.Mkdir(cfgDir, 0o755); err != nil {
		t.Fatal(err)
	}
	s := startSim(t, world, filepath.Join(dir, "state.json"))

	// Nothing declared but the instance: every account is unmanaged,
	// none is deleted.
	writeFile(t, cfgDir, "main.hcl", lifecycleHead+`
postgres_instance "orders" {
  instance_id = "postgres-e2e00001"
}
`)
	r := s.dbplan(dir, nil, "plan", "-detailed-exitcode", "db")
	mustCode(t, "plan of a configuration without the account blocks", r, 0)
	if !strings.Contains(r.stdout, "No changes.") || !strings.Contains(r.stdout, "account contractor") {
		t.Errorf("removing the blocks must leave the accounts unmanaged, not delete them:\n%s", r.stdout)
	}

	writeFile(t, cfgDir, "main.hcl", lifecycleConfig)
	r = s.dbplan(dir, nil, "plan", "-detailed-exitcode", "db")
	mustCode(t, "plan", r, 2)
	for _, want := range []string{
		"Plan: 1 to create, 2 to change, 5 to destroy.",
		"- account.contractor  DeleteAccount  ! deletes",
		"- account.tmp_batch1  DeleteAccount  ! deletes",
		"- network[vpc-old/subnet-old]  DeleteReadOnlyGroupNetworkAccess  ! deletes",
		`- account.etl_v1["10.0.0.5"]  DeleteLibraDBClusterAccounts  ! deletes`,
		"~ account.leaver  LockAccount  ! removes access",
		"~ account.api  ResetAccountPassword  ! password reset",
		"+ network[vpc-new/subnet-new]",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("plan lacks %q:\n%s", want, r.stdout)
		}
	}

	r = s.dbplan(dir, nil, "plan", "-markdown", "db")
	mustCode(t, "plan -markdown", r, 0)
	for _, want := range []string{"**Deletions**: 5 object(s)", "**Access removed**: 1 object(s)", "**Password resets**: 1 object(s)"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("plan -markdown lacks %q:\n%s", want, r.stdout)
		}
	}

	r = s.dbplan(dir, secretEnv, "plan", "-out", "plan.dbplan", "-json", "db")
	mustCode(t, "plan -out -json", r, 0)
	var doc struct {
		Actions []struct {
			Address string `json:"address"`
			Effect  string `json:"effect"`
		} `json:"actions"`
		Summary struct {
			Destroy int `json:"destroy"`
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("plan -json: %v\n%s", err, r.stdout)
	}
	deletes := 0
	for _, a := range doc.Actions {
		if a.Effect == "delete" {
			deletes++
		}
	}
	if doc.Summary.Destroy != 5 || deletes != 5 {
		t.Errorf("plan -json: summary.destroy %d, %d delete actions; want 5 and 5", doc.Summary.Destroy, deletes)
	}
	saved, _ := os.ReadFile(filepath.Join(dir, "plan.dbplan"))
	assertNoSecrets(t, "plan -json and the plan file", r.stdout, r.stderr, string(saved))

	r = s.dbplan(dir, secretEnv, "apply", "-report", "report.json", "plan.dbplan")
	mustCode(t, "apply PLANFILE", r, 0)
	report, _ := os.ReadFile(filepath.Join(dir, "report.json"))
	assertNoSecrets(t, "apply output and report", r.stdout, r.stderr, string(report))
	var rep struct {
		Effects []struct {
			Effect   string         `json:"effect"`
			Actions  int            `json:"actions"`
			Outcomes map[string]int `json:"outcomes"`
		} `json:"effects"`
	}
	if err := json.Unmarshal(report, &rep); err != nil {
		t.Fatalf("report: %v", err)
	}
	if n := len(rep.Effects); n != 3 || rep.Effects[2].Effect != "delete" || rep.Effects[2].Outcomes["succeeded"] != 5 {
		t.Errorf("report effects = %+v, want create, update and 5 deletes succeeded", rep.Effects)
	}

	r = s.dbplan(dir, secretEnv, "plan", "-detailed-exitcode", "db")
	mustCode(t, "plan after apply", r, 0)
	if !strings.Contains(r.stdout, "No changes.") {
		t.Errorf("plan after apply:\n%s", r.stdout)
	}
	c := s.counters()
	for key := range c.AccountDeletes {
		if c.AccountCreates[key] > 0 {
			t.Errorf("%s was deleted and created again", key)
		}
	}
	if len(c.AccountDeletes) != 4 {
		t.Errorf("accounts deleted: %v, want contractor, tmp_batch1, tmp_batch2 and etl_v1", c.AccountDeletes)
	}
}

// TestDeleteOfRecreatedAccount: a saved plan deletes an account; before
// it is applied, the account is deleted and created again elsewhere.
// Apply re-checks the delete right before the call, finds another
// account (another creation time), reports it drifted and exits 4; the
// new account is still there.
func TestDeleteOfRecreatedAccount(t *testing.T) {
	dir := t.TempDir()
	world := writeFile(t, dir, "world.json", lifecycleWorld)
	s := startSim(t, world, filepath.Join(dir, "state.json"))
	planDir, opsDir := filepath.Join(dir, "db"), filepath.Join(dir, "ops")
	for _, d := range []string{planDir, opsDir} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	victim := func(body string) string {
		return lifecycleHead + `
postgres_instance "orders" {
  instance_id = "postgres-e2e00001"
  account "victim" {
` + body + `
  }
}
`
	}
	writeFile(t, planDir, "main.hcl", victim("    absent = true"))
	r := s.dbplan(dir, nil, "plan", "-out", "plan.dbplan", "db")
	mustCode(t, "plan the delete", r, 0)

	// Someone else deletes the account and creates one of the same name.
	writeFile(t, opsDir, "main.hcl", victim("    absent = true"))
	mustCode(t, "delete it out of band", s.dbplan(dir, secretEnv, "apply", "-auto-approve", "ops"), 0)
	writeFile(t, opsDir, "main.hcl", victim("    password = var.app_password"))
	mustCode(t, "create it again", s.dbplan(dir, secretEnv, "apply", "-auto-approve", "ops"), 0)

	r = s.dbplan(dir, secretEnv, "apply", "-report", "report.json", "plan.dbplan")
	mustCode(t, "apply the saved delete", r, 4)
	if !strings.Contains(r.stdout, "drifted") || !strings.Contains(r.stdout, "recreated since the plan") {
		t.Errorf("apply does not report the delete drifted:\n%s", r.stdout)
	}
	if c := s.counters(); c.AccountDeletes["postgres-e2e00001/victim"] != 1 || c.AccountCreates["postgres-e2e00001/victim"] != 1 {
		t.Errorf("victim deleted %d times and created %d times, want once each (the new account stays)",
			c.AccountDeletes["postgres-e2e00001/victim"], c.AccountCreates["postgres-e2e00001/victim"])
	}
}
