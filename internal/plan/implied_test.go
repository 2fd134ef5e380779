package plan_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/plan"
)

// editPlanFile edits the saved form of p as an attacker would edit the
// file (edit gets the decoded JSON document) and reads it back.
func editPlanFile(t *testing.T, p *plan.Plan, edit func(doc map[string]any)) (*plan.Plan, error) {
	t.Helper()
	data, err := plan.Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	edit(doc)
	data, err = json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return plan.Decode(data)
}

// action returns the saved action with the id, as JSON.
func action(t *testing.T, doc map[string]any, id string) map[string]any {
	t.Helper()
	for _, a := range doc["actions"].([]any) {
		if m := a.(map[string]any); m["id"] == id {
			return m
		}
	}
	t.Fatalf("no action %s in the plan", id)
	return nil
}

// setKind changes an action's kind (and its id, so the file stays
// well-formed).
func setKind(t *testing.T, doc map[string]any, id, kind string) {
	a := action(t, doc, id)
	a["kind"] = kind
	a["id"] = a["address"].(string) + "#" + kind
	for _, other := range doc["actions"].([]any) {
		deps, _ := other.(map[string]any)["depends_on"].([]any)
		for i, d := range deps {
			if d == id {
				deps[i] = a["id"]
			}
		}
	}
}

func obj(m map[string]any, key string) map[string]any {
	if m[key] == nil {
		m[key] = map[string]any{}
	}
	return m[key].(map[string]any)
}

const (
	freshID    = "postgres_instance.a.account.fresh#create_account"
	remID      = "postgres_instance.a.account.rem#modify_account_remark"
	camOnID    = "postgres_instance.a.account.camon#open_account_cam"
	camOffID   = "postgres_instance.a.account.camoff#close_account_cam"
	unlockID   = "postgres_instance.a.account.unlocker#unlock_account"
	openExtID  = "postgres_instance.a.extranet#open_extranet"
	networkID  = "postgres_ro_group.g.network[vpc-1/subnet-1]#create_ro_network"
	libraNewID = "libradb_cluster.c.account.etl#create_libradb_account"
	libraModID = "libradb_cluster.c.account.bi#modify_libradb_account_description"
)

// TestCheckImpliedRefusesEditedPlans: every field of a saved action an
// attacker could change (kind, target, parameter, password, dependencies,
// an added action) is refused, naming the action and what differs.
func TestCheckImpliedRefusesEditedPlans(t *testing.T) {
	cfg, obs := mixedFixture()
	p := build(t, cfg, obs)
	if sel, err := plan.CheckImplied(p, cfg); err != nil || !sel.Empty() {
		t.Fatalf("CheckImplied(unedited plan) = %v, %v; want nil and no selector targets", sel, err)
	}
	tests := []struct {
		name, id, want string
		edit           func(t *testing.T, doc map[string]any)
	}{
		{"kind: open CAM made close", "postgres_instance.a.account.camon#close_account_cam", "does not set cam = false",
			func(t *testing.T, d map[string]any) { setKind(t, d, camOnID, "close_account_cam") }},
		{"kind: unlock made lock", "postgres_instance.a.account.unlocker#lock_account", "does not set locked = true",
			func(t *testing.T, d map[string]any) { setKind(t, d, unlockID, "lock_account") }},
		{"kind: a create made public access", "postgres_instance.a.account.fresh#open_extranet", "cannot produce open_extranet there",
			func(t *testing.T, d map[string]any) { setKind(t, d, freshID, "open_extranet") }},
		{"kind: open public access made close", "postgres_instance.a.extranet#close_extranet", "sets enabled = true",
			func(t *testing.T, d map[string]any) { setKind(t, d, openExtID, "close_extranet") }},
		{"target: instance", freshID, `instance is "postgres-2"`,
			func(t *testing.T, d map[string]any) {
				obj(action(t, d, freshID), "target")["instance_id"] = "postgres-2"
			}},
		{"target: user name", freshID, `user name is "root"`,
			func(t *testing.T, d map[string]any) { obj(action(t, d, freshID), "target")["user_name"] = "root" }},
		{"target: region", remID, `region is "ap-beijing"`,
			func(t *testing.T, d map[string]any) { obj(action(t, d, remID), "target")["region"] = "ap-beijing" }},
		{"target: provider", camOnID, `provider is "tencentcloud.other"`,
			func(t *testing.T, d map[string]any) {
				obj(action(t, d, camOnID), "target")["provider"] = "tencentcloud.other"
			}},
		{"target: read-only group", networkID, `read-only group is "pgrogrp-9"`,
			func(t *testing.T, d map[string]any) {
				obj(action(t, d, networkID), "target")["ro_group_id"] = "pgrogrp-9"
			}},
		{"target: LibraDB host", libraNewID, `host is "10.0.0.1"`,
			func(t *testing.T, d map[string]any) { obj(action(t, d, libraNewID), "target")["host"] = "10.0.0.1" }},
		{"parameter: remark of a modify", remID, "parameter Remark",
			func(t *testing.T, d map[string]any) { obj(action(t, d, remID), "params")["remark"] = "edited with sed" }},
		{"parameter: remark of a create", freshID, "parameter Remark",
			func(t *testing.T, d map[string]any) { obj(action(t, d, freshID), "params")["remark"] = "x" }},
		{"parameter: account type", freshID, "parameter AccountType",
			func(t *testing.T, d map[string]any) {
				obj(action(t, d, freshID), "params")["account_type"] = "tencentDBSuper"
			}},
		{"parameter: CAM on create", freshID, "parameter OpenCAM",
			func(t *testing.T, d map[string]any) { obj(action(t, d, freshID), "params")["open_cam"] = true }},
		{"parameter: one the kind does not send", freshID, "parameter VpcID",
			func(t *testing.T, d map[string]any) { obj(action(t, d, freshID), "params")["vpc_id"] = "vpc-1" }},
		{"parameter: IPv6", openExtID, "parameter IPv6",
			func(t *testing.T, d map[string]any) { obj(action(t, d, openExtID), "params")["ipv6"] = true }},
		{"parameter: VIP", networkID, "parameter VIP",
			func(t *testing.T, d map[string]any) { obj(action(t, d, networkID), "params")["vip"] = "10.0.0.66" }},
		{"parameter: LibraDB description", libraModID, "parameter Description",
			func(t *testing.T, d map[string]any) { obj(action(t, d, libraModID), "params")["description"] = "x" }},
		{"parameter: LibraDB connections", libraNewID, "parameter MaxUserConnections",
			func(t *testing.T, d map[string]any) {
				obj(action(t, d, libraNewID), "params")["max_user_connections"] = 9999
			}},
		{"password: another account's", freshID, "password of postgres_instance.a.account.fresh",
			func(t *testing.T, d map[string]any) {
				action(t, d, freshID)["secret_addr"] = "libradb_cluster.c.account.etl"
			}},
		{"password: one that is not called for", camOnID, "password the configuration does not call for",
			func(t *testing.T, d map[string]any) {
				a := action(t, d, camOnID)
				a["needs_password"], a["secret_addr"] = true, "postgres_instance.a.account.camon"
			}},
		{"password: left out of a CAM close", camOffID, "password of postgres_instance.a.account.camoff",
			func(t *testing.T, d map[string]any) {
				a := action(t, d, camOffID)
				a["needs_password"], a["secret_addr"] = false, ""
			}},
		{"password: a reset sending another account's", "postgres_instance.a.account.rotate#reset_account_password", "password of postgres_instance.a.account.rotate",
			func(t *testing.T, d map[string]any) {
				action(t, d, "postgres_instance.a.account.rotate#reset_account_password")["secret_addr"] = "postgres_instance.a.account.fresh"
			}},
		{"parameter: a refresh for another date", "postgres_instance.a.account.refresh#refresh_account_password", "parameter PasswordChangedAfter",
			func(t *testing.T, d map[string]any) {
				obj(action(t, d, "postgres_instance.a.account.refresh#refresh_account_password"), "params")["password_changed_after"] = "2020-01-01T00:00:00Z"
			}},
		{"dependencies in a cycle", libraModID, "depends on itself",
			func(t *testing.T, d map[string]any) {
				action(t, d, "libradb_cluster.c.account.bi#reset_libradb_account_password")["depends_on"] = []any{libraModID}
			}},
		{"privileges: one granted that is not declared", `postgres_instance.a.account.reader.grant["table app.public.orders"]#modify_privileges`, "it grants DELETE",
			func(t *testing.T, d map[string]any) {
				obj(action(t, d, `postgres_instance.a.account.reader.grant["table app.public.orders"]#modify_privileges`), "params")["grant"] = []any{"DELETE"}
			}},
		{"privileges: a declared one revoked", `postgres_instance.a.account.reader.grant["database app"]#modify_privileges`, "it revokes CONNECT",
			func(t *testing.T, d map[string]any) {
				obj(action(t, d, `postgres_instance.a.account.reader.grant["database app"]#modify_privileges`), "params")["revoke"] = []any{"CONNECT", "TEMPORARY"}
			}},
		{"privileges: another object", `postgres_instance.a.account.reader.grant["database app"]#modify_privileges`, "object is database billing",
			func(t *testing.T, d map[string]any) {
				obj(action(t, d, `postgres_instance.a.account.reader.grant["database app"]#modify_privileges`), "target")["object"] = "billing"
			}},
		{"type: made superuser against the configuration", "postgres_instance.a.account.rem#change_account_type", "does not manage the account's type",
			func(t *testing.T, d map[string]any) {
				setKind(t, d, remID, "change_account_type")
				a := action(t, d, "postgres_instance.a.account.rem#change_account_type")
				a["params"] = map[string]any{"account_type": "tencentDBSuper"}
			}},
		{"LibraDB privileges: an undeclared one added", "libradb_cluster.c.account.etl#modify_libradb_privileges", "but the configuration says",
			func(t *testing.T, d map[string]any) {
				lp := obj(obj(action(t, d, "libradb_cluster.c.account.etl#modify_libradb_privileges"), "params"), "libradb_privileges")
				for k := range lp {
					lp[k] = []any{"SUPER"}
				}
			}},
		{"dependencies removed", openExtID, "depends_on",
			func(t *testing.T, d map[string]any) { action(t, d, openExtID)["depends_on"] = []any{} }},
		{"added: an undeclared account", "postgres_instance.a.account.intruder#create_account", "declares no postgres_instance.a.account.intruder",
			func(t *testing.T, d map[string]any) {
				a := map[string]any{}
				data, _ := json.Marshal(action(t, d, freshID))
				_ = json.Unmarshal(data, &a)
				a["address"], a["id"] = "postgres_instance.a.account.intruder", "postgres_instance.a.account.intruder#create_account"
				obj(a, "target")["user_name"] = "intruder"
				a["secret_addr"] = "postgres_instance.a.account.intruder"
				d["actions"] = append(d["actions"].([]any), a)
			}},
		{"added: a lock nothing declares", "postgres_instance.a.account.rem#lock_account", "does not set locked = true",
			func(t *testing.T, d map[string]any) {
				a := map[string]any{}
				data, _ := json.Marshal(action(t, d, remID))
				_ = json.Unmarshal(data, &a)
				a["kind"], a["id"], a["params"] = "lock_account", "postgres_instance.a.account.rem#lock_account", map[string]any{}
				d["actions"] = append(d["actions"].([]any), a)
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			edited, err := editPlanFile(t, p, func(doc map[string]any) { tc.edit(t, doc) })
			if err != nil {
				t.Fatalf("the edited plan no longer decodes (the test must edit it consistently): %v", err)
			}
			_, err = plan.CheckImplied(edited, cfg)
			var ie *plan.ImpliedError
			if !errors.As(err, &ie) {
				t.Fatalf("CheckImplied(edited plan) = %v, want an *ImpliedError", err)
			}
			if msg := err.Error(); !strings.Contains(msg, tc.id) || !strings.Contains(msg, tc.want) {
				t.Errorf("CheckImplied() = %q, want it to name %s and say %q", msg, tc.id, tc.want)
			}
		})
	}
}

// TestCheckImpliedSelectors: an action on an instance a selector matched
// names that instance in its address and its target; whether the
// selector selects it is decided offline by instance_ids and against the
// cloud (Confirm) by tags and name.
func TestCheckImpliedSelectors(t *testing.T) {
	acc := account("reader", 3)
	acc.CAM = ptr(true)
	fleet := instance("fleet", "", acc)
	fleet.Selector = &config.Selector{Tags: map[string]string{"env": "prod"}, NamePattern: "shop-*"}
	pinned := instance("pinned", "", account("ops", 4))
	pinned.Accounts[0].CAM = ptr(true)
	pinned.Selector = &config.Selector{InstanceIDs: []string{"postgres-1"}}
	cfg := &config.Config{Instances: []*config.Instance{fleet, pinned}}
	obs := observed(running("postgres-1"), running("postgres-2"))
	obs.Selections = map[string][]string{"postgres_instance.fleet": {"postgres-1"}, "postgres_instance.pinned": {"postgres-1"}}
	p := build(t, cfg, obs)
	sel, err := plan.CheckImplied(p, cfg)
	if err != nil {
		t.Fatalf("CheckImplied() = %v", err)
	}
	if got := sel.Selects["postgres_instance.fleet"]; len(got) != 1 || got[0] != "postgres-1" || len(sel.Selects) != 2 {
		t.Fatalf("selector targets = %v, want postgres-1 under each block", sel)
	}
	shop := &plan.ObservedInstance{ID: "postgres-1", Name: "shop-eu", Tags: map[string]string{"env": "prod"}, Type: "primary"}
	if err := sel.Confirm(cfg, map[string]*plan.ObservedInstance{"postgres-1": shop}); err != nil {
		t.Errorf("Confirm(the selected instance) = %v", err)
	}
	for name, oi := range map[string]*plan.ObservedInstance{
		"another tag":   {ID: "postgres-1", Name: "shop-eu", Tags: map[string]string{"env": "staging"}},
		"another name":  {ID: "postgres-1", Name: "billing", Tags: map[string]string{"env": "prod"}},
		"a replica":     {ID: "postgres-1", Name: "shop-eu", Tags: map[string]string{"env": "prod"}, Type: "readonly"},
		"gone (absent)": nil,
	} {
		obsd := map[string]*plan.ObservedInstance{}
		if oi != nil {
			obsd["postgres-1"] = oi
		}
		if err := sel.Confirm(cfg, obsd); err == nil || !strings.Contains(err.Error(), `postgres_instance.fleet["postgres-1"]`) {
			t.Errorf("%s: Confirm() = %v, want a refusal naming the action's instance", name, err)
		}
	}

	retarget := func(id, addrID, targetID string) func(doc map[string]any) {
		return func(doc map[string]any) {
			a := action(t, doc, id)
			addr := strings.Replace(a["address"].(string), `"postgres-1"`, `"`+addrID+`"`, 1)
			a["address"], a["id"] = addr, addr+"#create_account"
			obj(a, "target")["instance_id"] = targetID
		}
	}
	const pinnedID = `postgres_instance.pinned["postgres-1"].account.ops#create_account`
	const fleetID = `postgres_instance.fleet["postgres-1"].account.reader#create_account`
	for name, tc := range map[string]struct {
		edit func(doc map[string]any)
		want string
	}{
		"target not the address's instance": {retarget(fleetID, "postgres-1", "postgres-2"), `instance is "postgres-2"`},
		"instance_ids do not list it":       {retarget(pinnedID, "postgres-2", "postgres-2"), "does not select"},
	} {
		edited, err := editPlanFile(t, p, tc.edit)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := plan.CheckImplied(edited, cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: CheckImplied() = %v, want %q", name, err, tc.want)
		}
	}
	// Moved to another instance the selector may match: decided by Confirm.
	edited, err := editPlanFile(t, p, retarget(fleetID, "postgres-2", "postgres-2"))
	if err != nil {
		t.Fatal(err)
	}
	sel, err = plan.CheckImplied(edited, cfg)
	if err != nil || len(sel.Selects["postgres_instance.fleet"]) != 1 || sel.Selects["postgres_instance.fleet"][0] != "postgres-2" {
		t.Fatalf("CheckImplied(moved to postgres-2) = %v, %v; want postgres-2 to confirm", sel, err)
	}
	other := &plan.ObservedInstance{ID: "postgres-2", Name: "ledger", Tags: map[string]string{"env": "prod"}}
	if err := sel.Confirm(cfg, map[string]*plan.ObservedInstance{"postgres-1": shop, "postgres-2": other}); err == nil {
		t.Error("Confirm() accepted an instance whose name the selector does not match")
	}
}

// TestCheckImpliedDeletes: a delete is implied only by absent = true or a
// prune_accounts block that selects an account nothing declares on its
// instance (including, confirmed with the cloud, selector blocks).
func TestCheckImpliedDeletes(t *testing.T) {
	cfg, obs := mixedFixture()
	p := build(t, cfg, obs)
	const goneID = "postgres_instance.a.account.gone#delete_account"
	const netDelID = "postgres_ro_group.g.network[vpc-0/subnet-0]#delete_ro_network"
	for name, tc := range map[string]struct {
		id, want string
		edit     func(doc map[string]any)
	}{
		"a delete of an account not declared absent": {"postgres_instance.a.account.rem#delete_account", "does not declare the account absent",
			func(d map[string]any) {
				setKind(t, d, remID, "delete_account")
				obj(action(t, d, "postgres_instance.a.account.rem#delete_account"), "params")["remark"] = nil
			}},
		"a create of an account declared absent": {"postgres_instance.a.account.gone#create_account", "declares the account absent",
			func(d map[string]any) { setKind(t, d, goneID, "create_account") }},
		"a delete of another account": {goneID, `user name is "rem"`,
			func(d map[string]any) { obj(action(t, d, goneID), "target")["user_name"] = "rem" }},
		"a network delete of another subnet": {netDelID, "parameter SubnetID",
			func(d map[string]any) { obj(action(t, d, netDelID), "params")["subnet_id"] = "subnet-9" }},
	} {
		edited, err := editPlanFile(t, p, tc.edit)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := plan.CheckImplied(edited, cfg); err == nil || !strings.Contains(err.Error(), tc.id) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: CheckImplied() = %v, want it to name %s and say %q", name, err, tc.id, tc.want)
		}
	}

	// Pruning.
	orders := instance("orders", "postgres-1", account("app_keep", 3))
	orders.Prune = &config.Prune{NamePattern: "app_*", Except: []string{"app_legacy"}, DeclRange: rng(2)}
	other := instance("also", "postgres-1", account("app_other", 5))
	fleet := instance("fleet", "", account("app_fleet", 9))
	fleet.Selector = &config.Selector{Tags: map[string]string{"env": "prod"}}
	pcfg := &config.Config{Instances: []*config.Instance{orders, other, fleet}}
	pobs := observed(running("postgres-1",
		&plan.ObservedAccount{Name: "app_keep", Type: "normal"}, &plan.ObservedAccount{Name: "app_other", Type: "normal"},
		&plan.ObservedAccount{Name: "app_old", Type: "normal"}, &plan.ObservedAccount{Name: "app_legacy", Type: "normal"},
		&plan.ObservedAccount{Name: "app_fleet", Type: "normal"}))
	pobs.Selections = map[string][]string{"postgres_instance.fleet": nil}
	pp := build(t, pcfg, pobs)
	if got := kinds(pp); len(got) != 2 || got[0] != "postgres_instance.orders.account.app_fleet#delete_account" {
		t.Fatalf("actions = %v, want app_fleet and app_old pruned", got)
	}
	sel, err := plan.CheckImplied(pp, pcfg)
	if err != nil {
		t.Fatalf("CheckImplied(prune plan) = %v", err)
	}
	if got := sel.Excludes["postgres_instance.fleet"]; len(got) != 1 || got[0] != "postgres-1" {
		t.Errorf("Excludes = %v, want the fleet selector not to select postgres-1 (it declares app_fleet)", sel.Excludes)
	}
	hr := &plan.ObservedInstance{ID: "postgres-1", Tags: map[string]string{"env": "hr"}}
	if err := sel.Confirm(pcfg, map[string]*plan.ObservedInstance{"postgres-1": hr}); err != nil {
		t.Errorf("Confirm(the selector does not select the instance) = %v", err)
	}
	prod := &plan.ObservedInstance{ID: "postgres-1", Tags: map[string]string{"env": "prod"}}
	if err := sel.Confirm(pcfg, map[string]*plan.ObservedInstance{"postgres-1": prod}); err == nil {
		t.Error("Confirm() accepted pruning an account a selector block declares on the instance")
	}
	if err := plan.CheckDigests(pp, pcfg); err != nil {
		t.Errorf("CheckDigests(prune plan, same configuration) = %v", err)
	}
	const oldID = "postgres_instance.orders.account.app_old#delete_account"
	rename := func(name string) func(d map[string]any) {
		return func(d map[string]any) {
			a := action(t, d, oldID)
			addr := "postgres_instance.orders.account." + name
			a["address"], a["id"] = addr, addr+"#delete_account"
			obj(a, "target")["user_name"] = name
		}
	}
	for name, tc := range map[string]struct {
		edit func(d map[string]any)
		want string
	}{
		"an excepted account":               {rename("app_legacy"), `prune_accounts "app_*" does not select account app_legacy`},
		"an account the pattern misses":     {rename("billing"), "does not select account billing"},
		"an account another block declares": {rename("app_other"), "another block declares account app_other"},
		"a create where only deletes are":   {func(d map[string]any) { setKind(t, d, oldID, "create_account") }, "declares no postgres_instance.orders.account.app_old"},
	} {
		edited, err := editPlanFile(t, pp, tc.edit)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := plan.CheckImplied(edited, pcfg); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: CheckImplied() = %v, want %q", name, err, tc.want)
		}
	}
	// The pruned account declared after the plan: stale, not edited.
	orders.Accounts = append(orders.Accounts, account("app_old", 4))
	orders.Accounts[1].Addr = "postgres_instance.orders.account.app_old"
	var se *plan.StaleError
	if err := plan.CheckDigests(pp, pcfg); !errors.As(err, &se) || len(se.Changed) != 1 || se.Changed[0] != "postgres_instance.orders.account.app_old" {
		t.Errorf("CheckDigests() after the pruned account was declared = %v, want it changed", err)
	}
}
