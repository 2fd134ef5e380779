package config

import (
	"slices"
	"testing"
)

// grantsModelCase is TestLoadModel's case for testdata/valid/grants: the
// grants attribute shared by accounts made with dynamic, grant blocks,
// ALL, aliases, case-insensitive names and LibraDB grants.
func grantsModelCase() struct {
	opts LoadOptions
	want *Config
} {
	appWriter := func() []*Grant {
		return []*Grant{
			{ObjectType: "database", Database: "orders", Privileges: []string{"CONNECT", "TEMPORARY"}, DeclRange: rng("main.hcl", 23)},
			{ObjectType: "schema", Database: "orders", Schema: "public", Privileges: []string{"USAGE"}, DeclRange: rng("main.hcl", 23)},
			{ObjectType: "table", Database: "orders", Schema: "public", Objects: []string{"customers", "orders"},
				Privileges: []string{"DELETE", "INSERT", "SELECT", "UPDATE"}, DeclRange: rng("main.hcl", 23)},
		}
	}
	const inst = "postgres_instance.prod"
	return struct {
		opts LoadOptions
		want *Config
	}{
		want: &Config{
			Providers: []*Provider{{Name: "tencentcloud", Region: "ap-guangzhou", DeclRange: rng("main.hcl", 1)}},
			Instances: []*Instance{{
				Addr: inst, Region: "ap-guangzhou", Provider: "tencentcloud",
				Selector: &Selector{Tags: map[string]string{"env": "prod"}, DeclRange: rng("main.hcl", 15)},
				Accounts: []*Account{
					{Addr: inst + ".account.analyst", Name: "analyst", Type: "normal", DeclRange: rng("main.hcl", 27), Grants: []*Grant{
						{ObjectType: "table", Database: "orders", Schema: "public", Objects: []string{"orders"}, Privileges: []string{"SELECT"}, DeclRange: rng("main.hcl", 28)},
						{ObjectType: "column", Database: "orders", Schema: "public", Table: "customers", Objects: []string{"id", "name"}, Privileges: []string{"SELECT"}, DeclRange: rng("main.hcl", 35)},
						{ObjectType: "sequence", Database: "orders", Schema: "public", Objects: []string{"orders_id_seq"}, Privileges: []string{}, DeclRange: rng("main.hcl", 43)},
					}},
					{Addr: inst + ".account.billing_app", Name: "billing_app", Type: "normal", DeclRange: rng("main.hcl", 19), Grants: appWriter()},
					{Addr: inst + ".account.migrator", Name: "migrator", Type: "tencentDBSuper", TypeDeclared: true, DeclRange: rng("main.hcl", 52), Grants: []*Grant{
						{ObjectType: "database", Database: "orders", Privileges: []string{"CONNECT", "CREATE", "TEMPORARY"}, DeclRange: rng("main.hcl", 54)},
					}},
					{Addr: inst + ".account.orders_app", Name: "orders_app", Type: "normal", DeclRange: rng("main.hcl", 19), Grants: appWriter()},
				},
				DeclRange: rng("main.hcl", 14),
			}},
			LibraClusters: []*LibraCluster{{
				Addr: "libradb_cluster.olap", ClusterID: "libradb-olap1234", Region: "ap-guangzhou", Provider: "tencentcloud",
				Accounts: []*LibraAccount{{Addr: "libradb_cluster.olap.account.bi", Name: "bi", Host: "%", DeclRange: rng("main.hcl", 64), Grants: []*Grant{
					{ObjectType: "global", Privileges: []string{"PROCESS"}, DeclRange: rng("main.hcl", 65)},
					{ObjectType: "database", Database: "sales", Privileges: []string{"SELECT", "SHOW VIEW"}, DeclRange: rng("main.hcl", 69)},
					{ObjectType: "table", Database: "sales", Objects: []string{"orders"}, Privileges: []string{"INSERT", "SELECT"}, DeclRange: rng("main.hcl", 69)},
				}}},
				DeclRange: rng("main.hcl", 62),
			}},
		},
	}
}

func TestNormalizePrivileges(t *testing.T) {
	tests := []struct {
		names   []string
		allowed []string
		want    []string
		wantErr bool
	}{
		{[]string{"select", " Insert ", "SELECT"}, PostgresPrivileges(ObjectTable), []string{"INSERT", "SELECT"}, false},
		{[]string{"temp", "Connect"}, PostgresPrivileges(ObjectDatabase), []string{"CONNECT", "TEMPORARY"}, false},
		{[]string{"all privileges"}, PostgresPrivileges(ObjectSchema), []string{"CREATE", "USAGE"}, false},
		{[]string{"show   view", "all"}, LibraPrivileges(LibraTable), LibraPrivileges(LibraTable), false},
		{[]string{}, PostgresPrivileges(ObjectTable), []string{}, false},
		{[]string{"SELECT", "EXECUTE"}, PostgresPrivileges(ObjectTable), nil, true},
		{[]string{"USAGE"}, PostgresPrivileges(ObjectColumn), nil, true},
	}
	for _, tc := range tests {
		got, err := NormalizePrivileges(tc.names, tc.allowed, "a thing")
		if (err != nil) != tc.wantErr || !slices.Equal(got, tc.want) {
			t.Errorf("NormalizePrivileges(%q) = %q, %v; want %q (error %v)", tc.names, got, err, tc.want, tc.wantErr)
		}
	}
}
