package tcsim

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseWorldDefaults(t *testing.T) {
	w, err := ParseWorld([]byte(`{"instances":[{"id":"postgres-x1","region":"ap-guangzhou","accounts":[{"user_name":"a"}]}],
		"libradb_clusters":[{"id":"libradb-x1","region":"ap-beijing","accounts":[{"account_name":"root","builtin":true}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Credentials) != 1 || w.Credentials[0].SecretID != DefaultSecretID || w.Credentials[0].SecretKey != DefaultSecretKey {
		t.Errorf("default credentials = %v", w.Credentials)
	}
	in := w.Instances[0]
	if in.Status != "running" || in.Zone != "ap-guangzhou-1" || in.Name != "postgres-x1" || in.Type != "primary" {
		t.Errorf("instance defaults: %+v", in)
	}
	if len(in.NetInfos) != 1 || in.NetInfos[0] != (NetInfo{NetType: "public", Status: "initing"}) {
		t.Errorf("net infos = %+v, want one public initing entry", in.NetInfos)
	}
	if a := in.Accounts[0]; a.Status != 2 || a.UserType != "normal" || a.CreateTime != defaultTime || a.PasswordUpdateTime != zeroWireTime {
		t.Errorf("account defaults: %+v", a)
	}
	if h := w.LibraDBClusters[0].Accounts[0].Host; h != "%" {
		t.Errorf("LibraDB host default = %q", h)
	}
	if w.NextTaskID != 1000 {
		t.Errorf("NextTaskID = %d", w.NextTaskID)
	}
}

func TestParseWorldErrors(t *testing.T) {
	inst := func(extra string) string {
		return `{"instances":[{"id":"postgres-x1","region":"ap-guangzhou"` + extra + `}]}`
	}
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"empty", "", "empty file"},
		{"syntax", "{\n  \"instances\": [,]\n}", "line 2"},
		{"wrong type", `{"instances": {}}`, "line 1"},
		{"unknown field", `{"instance": []}`, `unknown field "instance"`},
		{"trailing", `{} {}`, "trailing data"},
		{"bad id", `{"instances":[{"id":"mysql-1","region":"ap-guangzhou"}]}`, `must start with "postgres-"`},
		{"duplicate id", `{"instances":[{"id":"postgres-1","region":"ap-guangzhou"},{"id":"postgres-1","region":"ap-guangzhou"}]}`, "instances[1]: duplicate id"},
		{"bad region", `{"instances":[{"id":"postgres-1","region":"mars-1"}]}`, `region "mars-1"`},
		{"bad status", inst(`,"status":"runing"`), `unknown status "runing"`},
		{"bad net status", inst(`,"net_infos":[{"net_type":"public","status":"open"}]`), `status "open"`},
		{"duplicate account", inst(`,"accounts":[{"user_name":"a"},{"user_name":"a"}]`), `duplicate user_name "a"`},
		{"bad time", inst(`,"create_time":"yesterday"`), `create_time "yesterday"`},
		{"bad user type", inst(`,"accounts":[{"user_name":"a","user_type":"root"}]`), "user_type"},
		{"credentials without key", `{"credentials":[{"secret_id":"x"}]}`, "credentials[0]"},
		{"group without master", `{"ro_groups":[{"id":"pgrogrp-1","master_instance_id":"postgres-none"}]}`, "not an instance of this world"},
		{"group with 3 networks", `{"instances":[{"id":"postgres-1","region":"ap-guangzhou"}],"ro_groups":[{"id":"pgrogrp-1","master_instance_id":"postgres-1","networks":[` +
			strings.Repeat(`{"net_type":"private","status":"opened"},`, 2) + `{"net_type":"private","status":"opened"}]}]}`, "3 networks"},
		{"fsi LibraDB cluster", `{"libradb_clusters":[{"id":"libradb-1","region":"ap-shanghai-fsi"}]}`, "not a LibraDB region"},
		{"duplicate LibraDB account", `{"libradb_clusters":[{"id":"libradb-1","region":"ap-beijing","accounts":[{"account_name":"a"},{"account_name":"a","host":"%"}]}]}`, "duplicate account a@%"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseWorld([]byte(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ParseWorld error = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestLoadWorldNamesTheFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "w.json")
	if err := os.WriteFile(p, []byte(`{"instances":[{"id":"postgres-1","region":"nowhere"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := LoadWorld(p)
	if err == nil || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), "instances[0]") {
		t.Errorf("LoadWorld error = %v", err)
	}
	if _, err := LoadWorld(filepath.Join(t.TempDir(), "missing.json")); err == nil || !strings.Contains(err.Error(), "missing.json") {
		t.Errorf("missing file error = %v", err)
	}
}

func TestCredentialStringHidesKey(t *testing.T) {
	c := Credential{SecretID: "AKIDx", SecretKey: "topsecret", Token: "tok"}
	for _, s := range []string{c.String(), c.GoString()} {
		if strings.Contains(s, "topsecret") || strings.Contains(s, "tok}") || !strings.Contains(s, "AKIDx") {
			t.Errorf("Credential printed as %q", s)
		}
	}
}

func TestSnapshotIsACopy(t *testing.T) {
	s, err := New(loadTestWorld(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	snap := s.Snapshot()
	snap.Instances[0].Accounts = nil
	if len(s.Snapshot().Instances[0].Accounts) == 0 {
		t.Error("changing a snapshot changed the server")
	}
	w := loadTestWorld(t)
	s2, _ := New(w, Options{})
	w.Instances = nil
	if len(s2.Snapshot().Instances) == 0 {
		t.Error("changing the world after New changed the server")
	}
}

func TestDemoWorld(t *testing.T) {
	w := DemoWorld()
	if len(w.Instances) != 2 || len(w.ROGroups) != 1 || len(w.LibraDBClusters) != 1 || w.Credentials[0].SecretID != DefaultSecretID {
		t.Errorf("demo world = %d instances, %d groups, %d clusters, credentials %v", len(w.Instances), len(w.ROGroups), len(w.LibraDBClusters), w.Credentials)
	}
}
