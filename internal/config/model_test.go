package config

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/hashicorp/hcl/v2"

	"github.com/dbplan/dbplan/internal/secret"
)

// modelOpts compares secrets by content and ranges by file:line.
var modelOpts = cmp.Options{
	cmp.Comparer(func(a, b secret.Value) bool { return a.IsSet() == b.IsSet() && a.Reveal() == b.Reveal() }),
	cmp.Transformer("range", func(r hcl.Range) string {
		return fmt.Sprintf("%s:%d", filepath.Base(r.Filename), r.Start.Line)
	}),
	cmpopts.IgnoreFields(Config{}, "Dir", "Files", "Digest"),
}

func ptr[T any](v T) *T { return &v }

func rng(file string, line int) hcl.Range {
	return hcl.Range{Filename: file, Start: hcl.Pos{Line: line}}
}

func TestLoadModel(t *testing.T) {
	tests := map[string]struct {
		opts LoadOptions
		want *Config
	}{
		"basic": {
			opts: LoadOptions{Getenv: mapEnv(map[string]string{"PG_ADMIN_PW": "Adm1n_pass!"})},
			want: &Config{
				Providers: []*Provider{
					{Name: "tencentcloud", Region: "ap-guangzhou", DeclRange: rng("main.hcl", 1)},
					{Name: "tencentcloud.sh", Alias: "sh", Region: "ap-shanghai", Endpoint: "http://127.0.0.1:9000",
						RateLimits: map[string]float64{"CreateAccount": 40, "OpenAccountCAM": 30}, DeclRange: rng("main.hcl", 5)},
				},
				Instances: []*Instance{
					{
						Addr: "postgres_instance.orders", InstanceID: "postgres-abcd1234", Region: "ap-guangzhou", Provider: "tencentcloud",
						Extranet: &Extranet{Enabled: true, DeclRange: rng("main.hcl", 28)},
						Accounts: []*Account{
							{Addr: "postgres_instance.orders.account.admin", Name: "admin", Type: "tencentDBSuper", TypeDeclared: true,
								Password: secret.New("Adm1n_pass!"), PasswordSource: `env("PG_ADMIN_PW")`, DeclRange: rng("main.hcl", 38)},
							{Addr: "postgres_instance.orders.account.app_user", Name: "app_user", Type: "normal",
								PasswordSource: "var.app_password", Remark: ptr("orders-app"), CAM: ptr(false), DeclRange: rng("main.hcl", 32)},
						},
						DeclRange: rng("main.hcl", 25),
					},
					{
						Addr: "postgres_instance.reports", InstanceID: "postgres-efgh5678", Region: "ap-shanghai", Provider: "tencentcloud.sh",
						Accounts: []*Account{
							{Addr: "postgres_instance.reports.account.reader", Name: "reader", Type: "normal", CAM: ptr(true), DeclRange: rng("main.hcl", 49)},
						},
						DeclRange: rng("main.hcl", 44),
					},
				},
			},
		},
		"fleet": {
			opts: LoadOptions{Getenv: mapEnv(map[string]string{"DBPLAN_VAR_app_password": "App_Passw0rd!", "AUDITOR_PW": "Aud1tor_Passw0rd!"})},
			want: &Config{
				Providers: []*Provider{
					{Name: "tencentcloud", Region: "ap-guangzhou", DeclRange: rng("providers.hcl", 1)},
					{Name: "tencentcloud.eu", Alias: "eu", Region: "eu-frankfurt", DeclRange: rng("providers.hcl", 5)},
				},
				Instances: []*Instance{
					{
						Addr: `postgres_instance.fleet["a"]`, InstanceID: "postgres-aaaa1111", Region: "ap-guangzhou", Provider: "tencentcloud",
						Accounts: []*Account{
							{Addr: `postgres_instance.fleet["a"].account.app`, Name: "app", Type: "normal", Password: secret.New("App_Passw0rd!"),
								PasswordSource: "var.app_password", Remark: ptr("orders-app"), CAM: ptr(false), DeclRange: rng("main.hcl", 5)},
							{Addr: `postgres_instance.fleet["a"].account.ro_bi`, Name: "ro_bi", Type: "normal", Remark: ptr("BI"), DeclRange: rng("main.hcl", 11)},
						},
						DeclRange: rng("main.hcl", 1),
					},
					{
						Addr: `postgres_instance.fleet["b"]`, InstanceID: "postgres-bbbb2222", Region: "ap-guangzhou", Provider: "tencentcloud",
						Accounts: []*Account{
							{Addr: `postgres_instance.fleet["b"].account.app`, Name: "app", Type: "normal", Password: secret.New("App_Passw0rd!"),
								PasswordSource: "var.app_password", Remark: ptr("orders-app"), CAM: ptr(true), DeclRange: rng("main.hcl", 5)},
							{Addr: `postgres_instance.fleet["b"].account.ro_bi`, Name: "ro_bi", Type: "normal", Remark: ptr("BI"), DeclRange: rng("main.hcl", 11)},
							{Addr: `postgres_instance.fleet["b"].account.ro_ml`, Name: "ro_ml", Type: "normal", Remark: ptr("ML"), DeclRange: rng("main.hcl", 11)},
						},
						DeclRange: rng("main.hcl", 1),
					},
					{
						Addr: "postgres_instance.prod", Region: "eu-frankfurt", Provider: "tencentcloud.eu",
						Selector: &Selector{Tags: map[string]string{"env": "prod", "team": "orders"}, NamePattern: "orders-*", DeclRange: rng("main.hcl", 22)},
						Extranet: &Extranet{Enabled: false, DeclRange: rng("main.hcl", 26)},
						Accounts: []*Account{
							{Addr: "postgres_instance.prod.account.auditor", Name: "auditor", Type: "normal", Password: secret.New("Aud1tor_Passw0rd!"),
								PasswordSource: `env("AUDITOR_PW")`, CAM: ptr(true), DeclRange: rng("main.hcl", 29)},
						},
						DeclRange: rng("main.hcl", 20),
					},
				},
				ROGroups: []*ROGroup{{
					Addr: `postgres_ro_group.ro["pgrogrp-aaaa1111"]`, ROGroupID: "pgrogrp-aaaa1111", MasterInstanceID: "postgres-aaaa1111",
					Region: "ap-guangzhou", Provider: "tencentcloud",
					Networks: []*Network{
						{Addr: `postgres_ro_group.ro["pgrogrp-aaaa1111"].network[vpc-main1/subnet-main1]`, VpcID: "vpc-main1", SubnetID: "subnet-main1", DeclRange: rng("main.hcl", 40)},
						{Addr: `postgres_ro_group.ro["pgrogrp-aaaa1111"].network[vpc-main2/subnet-main2]`, VpcID: "vpc-main2", SubnetID: "subnet-main2", VIP: "10.0.1.10", DeclRange: rng("main.hcl", 44)},
					},
					DeclRange: rng("main.hcl", 35),
				}},
				LibraClusters: []*LibraCluster{{
					Addr: "libradb_cluster.olap", ClusterID: "libradb-olap1234", Region: "ap-guangzhou", Provider: "tencentcloud",
					Accounts: []*LibraAccount{
						{Addr: "libradb_cluster.olap.account.analyst", Name: "analyst", Host: "%", Password: secret.New("App_Passw0rd!"),
							PasswordSource: "var.app_password", Description: ptr("BI team"), MaxUserConnections: ptr(int64(200)), DeclRange: rng("main.hcl", 54)},
						{Addr: `libradb_cluster.olap.account.analyst["10.1.2.3"]`, Name: "analyst", Host: "10.1.2.3", Password: secret.New("App_Passw0rd!"),
							PasswordSource: "var.app_password", DeclRange: rng("main.hcl", 59)},
					},
					DeclRange: rng("main.hcl", 51),
				}},
			},
		},
	}
	tests["grants"] = grantsModelCase()
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got, diags := Load(filepath.Join("testdata", "valid", name), tt.opts)
			for _, d := range diags {
				t.Errorf("unexpected diagnostic: %s", d)
			}
			if diff := cmp.Diff(tt.want, got, modelOpts); diff != "" {
				t.Errorf("Load(%s) mismatch (-want +got):\n%s", name, diff)
			}
		})
	}
}
