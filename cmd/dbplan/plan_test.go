package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dbplan/dbplan/internal/tcsim"
)

func TestParsePlanArgs(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    planArgs // vars and cloud are compared separately
		sim     bool
		ep      string
		wantErr string
	}{
		{name: "defaults", args: nil,
			want: planArgs{dir: ".", parallelism: 64}},
		{name: "everything", args: []string{"-target", "postgres_instance.a", "-target", "libradb_cluster.b",
			"-out", "p.plan", "-json", "-no-color", "-detailed-exitcode", "-progress", "-parallelism", "8", "-sim", "conf"},
			want: planArgs{dir: "conf", targets: []string{"postgres_instance.a", "libradb_cluster.b"}, out: "p.plan",
				json: true, noColor: true, detailedExitcode: true, progress: true, parallelism: 8},
			sim: true},
		{name: "markdown and endpoint", args: []string{"-markdown", "-endpoint", "http://127.0.0.1:9000"},
			want: planArgs{dir: ".", markdown: true, parallelism: 64}, ep: "http://127.0.0.1:9000"},
		{name: "two directories", args: []string{"a", "b"}, wantErr: "too many arguments"},
		{name: "flag after DIR", args: []string{"conf", "-out", "p.plan"}, wantErr: `flags go before DIR: -out comes after "conf"`},
		{name: "-input=false", args: []string{"-input=false", "conf"}, want: planArgs{dir: "conf", parallelism: 64}},
		{name: "json and markdown", args: []string{"-json", "-markdown"}, wantErr: "cannot be combined"},
		{name: "sim and endpoint", args: []string{"-sim", "-endpoint", "x:1"}, wantErr: "cannot be combined"},
		{name: "zero parallelism", args: []string{"-parallelism", "0"}, wantErr: "at least 1"},
		{name: "unknown flag", args: []string{"-bogus"}, wantErr: "-bogus"},
		{name: "help", args: []string{"-h"}, wantErr: flag.ErrHelp.Error()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parsePlanArgs(tt.args)
			if !parsedAsWanted(t, "parsePlanArgs", tt.args, err, tt.wantErr) {
				return
			}
			if got.cloud.sim != tt.sim || got.cloud.endpoint != tt.ep {
				t.Errorf("cloud flags = %+v, want sim %v endpoint %q", *got.cloud, tt.sim, tt.ep)
			}
			got.vars, got.cloud = nil, nil
			if diff := cmp.Diff(tt.want, *got, cmp.AllowUnexported(planArgs{})); diff != "" {
				t.Errorf("parsePlanArgs(%q) mismatch (-want +got):\n%s", tt.args, diff)
			}
		})
	}
}

// The fixture: one instance with a password account, a CAM account and
// public access wanted; the world has the instance with only root.
const (
	fixturePassword = "Fixture-Pass-77"
	fixtureHCL      = `
provider "tencentcloud" {
  region = "ap-guangzhou"
}

variable "app_password" {
  type      = string
  sensitive = true
}

postgres_instance "orders" {
  instance_id = "postgres-fx000001"

  extranet {
    enabled = true
  }

  account "orders_app" {
    password = var.app_password
    remark   = "orders-service"
  }

  account "orders_analyst" {
    cam    = true
    remark = "analysts"
  }
}
`
	fixtureWorld = `{
  "instances": [
    {"id": "postgres-fx000001", "region": "ap-guangzhou", "name": "orders",
     "accounts": [{"user_name": "root", "user_type": "tencentDBSuper"}]}
  ],
  "ro_groups": [],
  "libradb_clusters": []
}`
	// convergedWorld already holds what fixtureHCL declares.
	convergedWorld = `{
  "instances": [
    {"id": "postgres-fx000001", "region": "ap-guangzhou", "name": "orders",
     "net_infos": [{"net_type": "public", "status": "opened", "address": "x.sql.tencentcdb.com", "port": 21000}],
     "accounts": [{"user_name": "root", "user_type": "tencentDBSuper"},
                  {"user_name": "orders_app", "remark": "orders-service"},
                  {"user_name": "orders_analyst", "remark": "analysts", "open_cam": true}]}
  ],
  "ro_groups": [],
  "libradb_clusters": []
}`
)

// writeFixture writes a configuration directory (and its world.json when
// world is not empty) and returns its path.
func writeFixture(t *testing.T, hcl, world string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.hcl"), []byte(hcl), 0o644); err != nil {
		t.Fatal(err)
	}
	if world != "" {
		if err := os.WriteFile(filepath.Join(dir, simWorldFile), []byte(world), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func runPlanCmd(t *testing.T, vars map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	e, out, errb := newTestEnv(vars)
	code = run(context.Background(), append([]string{"plan"}, args...), e)
	return code, out.String(), errb.String()
}

// runPlanCmdFakeClock is runPlanCmd on a fake clock (see useFakeClock), for
// runs that retry: their backoff takes no wall time.
func runPlanCmdFakeClock(t *testing.T, vars map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	e, out, errb := newTestEnv(vars)
	useFakeClock(t, e)
	code = run(context.Background(), append([]string{"plan"}, args...), e)
	return code, out.String(), errb.String()
}

func TestPlanSimFreshWorld(t *testing.T) {
	dir := writeFixture(t, fixtureHCL, fixtureWorld)
	code, out, errs := runPlanCmd(t, nil, "-sim", "-detailed-exitcode", dir)
	if code != exitChanges {
		t.Fatalf("plan exit = %d, want %d; stderr:\n%s", code, exitChanges, errs)
	}
	for _, want := range []string{
		"+ account.orders_app", "+ account.orders_analyst", "~ extranet",
		"Plan: 2 to create, 1 to change, 0 to destroy.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("plan output lacks %q:\n%s", want, out)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, simStateFile)); err != nil {
		t.Errorf("-sim left no state file: %v", err)
	}
	// Without -detailed-exitcode a plan with changes still exits 0.
	if code, _, errs := runPlanCmd(t, nil, "-sim", dir); code != exitOK {
		t.Errorf("plan without -detailed-exitcode exit = %d, want 0; stderr:\n%s", code, errs)
	}
}

func TestPlanSimNoChanges(t *testing.T) {
	dir := writeFixture(t, fixtureHCL, convergedWorld)
	code, out, errs := runPlanCmd(t, nil, "-sim", "-detailed-exitcode", dir)
	if code != exitOK {
		t.Fatalf("plan exit = %d, want 0; stderr:\n%s", code, errs)
	}
	if !strings.Contains(out, "No changes.") {
		t.Errorf("plan output lacks \"No changes.\":\n%s", out)
	}
}

func TestPlanSimJSON(t *testing.T) {
	dir := writeFixture(t, fixtureHCL, fixtureWorld)
	code, out, errs := runPlanCmd(t, nil, "-sim", "-json", dir)
	if code != exitOK {
		t.Fatalf("plan -json exit = %d; stderr:\n%s", code, errs)
	}
	var doc struct {
		FormatVersion string `json:"format_version"`
		Actions       []struct {
			Address string `json:"address"`
			Kind    string `json:"kind"`
		} `json:"actions"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("plan -json output is not one JSON document: %v\n%s", err, out)
	}
	if doc.FormatVersion == "" {
		t.Error("plan -json has no format_version")
	}
	if len(doc.Actions) != 3 {
		t.Errorf("plan -json has %d actions, want 3", len(doc.Actions))
	}
}

func TestPlanSimMarkdownAndTarget(t *testing.T) {
	dir := writeFixture(t, fixtureHCL, fixtureWorld)
	code, out, errs := runPlanCmd(t, nil, "-sim", "-markdown", "-target", "postgres_instance.orders.extranet", dir)
	if code != exitOK {
		t.Fatalf("plan -markdown exit = %d; stderr:\n%s", code, errs)
	}
	if !strings.Contains(out, "0 to create, 1 to change") {
		t.Errorf("targeted markdown plan lacks the targeted summary:\n%s", out)
	}
}

func TestPlanOutHasNoSecret(t *testing.T) {
	_, planFile, errs := savePlan(t)
	data, err := os.ReadFile(planFile)
	if err != nil {
		t.Fatalf("plan -out wrote no file: %v", err)
	}
	for _, secret := range []string{fixturePassword, tcsim.DefaultSecretKey} {
		if bytes.Contains(data, []byte(secret)) {
			t.Errorf("the saved plan contains the secret %q", secret)
		}
	}
	if !strings.Contains(errs, "dbplan apply "+planFile) {
		t.Errorf("plan -out does not say how to apply the file:\n%s", errs)
	}
}

// oneLine checks a failure is a single stderr line containing want.
func oneLine(t *testing.T, code int, stdout, stderr, want string) {
	t.Helper()
	if code != exitError {
		t.Errorf("exit = %d, want %d", code, exitError)
	}
	if stdout != "" {
		t.Errorf("stdout = %q, want nothing", stdout)
	}
	if strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.Contains(stderr, want) {
		t.Errorf("stderr = %q, want one line containing %q", stderr, want)
	}
	if strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic") {
		t.Errorf("stderr holds a stack trace:\n%s", stderr)
	}
}

func TestPlanErrors(t *testing.T) {
	creds := map[string]string{"TENCENTCLOUD_SECRET_ID": "AKIDwrong0000", "TENCENTCLOUD_SECRET_KEY": "wrongkey"}
	good := writeFixture(t, fixtureHCL, fixtureWorld)
	sim := tcsim.NewTestServer(t, mustParseWorld(t, fixtureWorld), tcsim.Options{})

	t.Run("missing directory", func(t *testing.T) {
		code, out, errs := runPlanCmd(t, creds, filepath.Join(good, "nothere"))
		oneLine(t, code, out, errs, "does not exist")
	})
	t.Run("unreachable endpoint", func(t *testing.T) {
		code, out, errs := runPlanCmdFakeClock(t, creds, "-endpoint", "http://127.0.0.1:1", good)
		oneLine(t, code, out, errs, "cannot reach the Tencent Cloud API at http://127.0.0.1:1")
	})
	t.Run("endpoint from the environment", func(t *testing.T) {
		vars := map[string]string{envEndpoint: "http://127.0.0.1:1"}
		for k, v := range creds {
			vars[k] = v
		}
		code, out, errs := runPlanCmdFakeClock(t, vars, good)
		oneLine(t, code, out, errs, "cannot reach the Tencent Cloud API at http://127.0.0.1:1")
	})
	t.Run("wrong credentials", func(t *testing.T) {
		code, out, errs := runPlanCmd(t, creds, "-endpoint", sim.URL, good)
		oneLine(t, code, out, errs, "AuthFailure.SecretIdNotFound")
		if !strings.Contains(errs, "TENCENTCLOUD_SECRET_ID") {
			t.Errorf("stderr does not say which keys to check: %s", errs)
		}
	})
	t.Run("incomplete credentials", func(t *testing.T) {
		code, out, errs := runPlanCmd(t, map[string]string{"TENCENTCLOUD_SECRET_ID": "AKIDonly"}, good)
		oneLine(t, code, out, errs, "TENCENTCLOUD_SECRET_KEY")
	})
	t.Run("sim without world", func(t *testing.T) {
		dir := writeFixture(t, fixtureHCL, "")
		code, out, errs := runPlanCmd(t, nil, "-sim", dir)
		oneLine(t, code, out, errs, simWorldFile)
	})
	t.Run("instance not found", func(t *testing.T) {
		dir := writeFixture(t, strings.ReplaceAll(fixtureHCL, "postgres-fx000001", "postgres-zz000009"), fixtureWorld)
		code, out, errs := runPlanCmd(t, nil, "-sim", dir)
		if code != exitError || out != "" {
			t.Errorf("exit = %d, stdout %q; want 1 and nothing", code, out)
		}
		if !strings.Contains(errs, "postgres-zz000009") || !strings.Contains(errs, "main.hcl") {
			t.Errorf("stderr does not point at the missing instance's block:\n%s", errs)
		}
	})
	t.Run("configuration error", func(t *testing.T) {
		dir := writeFixture(t, "postgres_instance \"x\" {\n  instance_id = \n}\n", fixtureWorld)
		code, out, errs := runPlanCmd(t, nil, "-sim", dir)
		if code != exitError || out != "" || !strings.Contains(errs, "main.hcl") || !strings.Contains(errs, "instance_id") {
			t.Errorf("exit = %d, stdout %q, stderr %q; want 1 with a diagnostic showing the source", code, out, errs)
		}
	})
}

func mustParseWorld(t *testing.T, s string) *tcsim.World {
	t.Helper()
	w, err := tcsim.ParseWorld([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func TestPlanHelp(t *testing.T) {
	code, out, _ := runPlanCmd(t, nil, "-h")
	if code != exitOK || !strings.Contains(out, "Usage: dbplan plan") || !strings.Contains(out, "-detailed-exitcode") {
		t.Errorf("plan -h exit %d, output:\n%s", code, out)
	}
	code, _, errs := runPlanCmd(t, nil, "-json", "-markdown")
	if code != exitError || !strings.Contains(errs, "cannot be combined") {
		t.Errorf("plan -json -markdown exit %d, stderr:\n%s", code, errs)
	}
}

func TestPlanInterrupted(t *testing.T) {
	dir := writeFixture(t, fixtureHCL, fixtureWorld)
	e, out, errb := newTestEnv(nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	code := run(ctx, []string{"plan", "-sim", dir}, e)
	oneLine(t, code, out.String(), errb.String(), "interrupted")
}

func TestRefreshProgress(t *testing.T) {
	for _, tty := range []bool{false, true} {
		e, _, b := newTestEnv(nil)
		e.stderrTTY = tty
		p := newRefreshProgress(e, true)
		for n := 1; n <= 50; n++ {
			p.update(n) // throttled: only the first one prints right away
		}
		p.done()
		got := b.String()
		if !strings.HasSuffix(got, "Refreshed: 50 objects read\n") || !strings.Contains(got, "Refreshing: 1 objects read") {
			t.Errorf("tty=%v: progress output %q, want a first count and the final one", tty, got)
		}
		if n := strings.Count(got, "Refreshing:"); n != 1 {
			t.Errorf("tty=%v: %d intermediate lines, want 1 (updates are throttled)", tty, n)
		}
		// On a terminal the final line replaces the live one entirely
		// (it is shorter: "Refreshed: 3 objects readd" was shown).
		if tty && !strings.Contains(got, "\r\x1b[KRefreshed: 50 objects read\n") {
			t.Errorf("tty: the final count does not erase the live line: %q", got)
		}
	}
	var off *refreshProgress
	off.update(3) // off
	off.done()
}

func TestPlanProgressFlag(t *testing.T) {
	dir := writeFixture(t, fixtureHCL, fixtureWorld)
	code, _, errs := runPlanCmd(t, nil, "-sim", "-progress", dir)
	if code != exitOK || !strings.Contains(errs, "Refreshed: 2 objects read") {
		t.Errorf("plan -progress exit %d, stderr %q; want the count of objects read", code, errs)
	}
	if _, _, errs := runPlanCmd(t, nil, "-sim", dir); strings.Contains(errs, "Refresh") {
		t.Errorf("plan without -progress on a non-terminal printed progress: %q", errs)
	}
}

func TestPlanSimUsesSavedState(t *testing.T) {
	// The state file (what an earlier apply left) wins over world.json.
	dir := writeFixture(t, fixtureHCL, fixtureWorld)
	if err := os.WriteFile(filepath.Join(dir, simStateFile), []byte(convergedWorld), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runPlanCmd(t, nil, "-sim", "-detailed-exitcode", dir)
	if code != exitOK || !strings.Contains(out, "No changes.") {
		t.Errorf("plan exit %d, output:\n%s%s\nwant No changes from the saved state", code, out, errs)
	}
}
