package config

import (
	"reflect"
	"strings"
	"testing"
)

const meaningSrc = `
provider "tencentcloud" {
  region = "ap-guangzhou"
}
variable "remark" {
  type = string
}
variable "pw" {
  type      = string
  sensitive = true
}
postgres_instance "a" {
  instance_id = "postgres-abcd1234"
  extranet {
    enabled = true
  }
  account "u" {
    remark   = var.remark
    password = var.pw
  }
  account "v" {
    cam = true
    grant {
      object_type = "table"
      database    = "orders"
      schema      = "public"
      objects     = ["orders"]
      privileges  = ["select"]
    }
    grant {
      object_type = "database"
      database    = "orders"
      privileges  = ["CONNECT"]
    }
  }
}
postgres_instance "s" {
  selector {
    tags = { env = "prod" }
  }
  account "r" {
    cam = true
  }
}
postgres_ro_group "g" {
  ro_group_id        = "pgrogrp-abcd1234"
  master_instance_id = "postgres-abcd1234"
  network {
    vpc_id    = "vpc-abcd1234"
    subnet_id = "subnet-abcd1234"
  }
}
libradb_cluster "c" {
  cluster_id = "libradb-abcd1234"
  account "etl" {
    password    = var.pw
    description = "etl"
  }
}
`

func meanings(t *testing.T, src string, vars map[string]string) map[string]string {
	t.Helper()
	cfg, diags := Load(writeDir(t, map[string]string{"main.hcl": src}), LoadOptions{Vars: vars})
	if diags.HasErrors() {
		t.Fatalf("Load: %v", diags)
	}
	return cfg.Meanings()
}

func TestMeaningsAddresses(t *testing.T) {
	got := meanings(t, meaningSrc, map[string]string{"remark": "r1"})
	want := []string{
		"postgres_instance.a", "postgres_instance.a.extranet", "postgres_instance.a.account.u", "postgres_instance.a.account.v",
		"postgres_instance.s", "postgres_instance.s.account.r",
		"postgres_ro_group.g", "postgres_ro_group.g.network[vpc-abcd1234/subnet-abcd1234]",
		"libradb_cluster.c", "libradb_cluster.c.account.etl",
	}
	for _, addr := range want {
		if d := got[addr]; len(d) != 64 {
			t.Errorf("Meanings()[%q] = %q, want a hex SHA-256", addr, d)
		}
	}
	if len(got) != len(want) {
		t.Errorf("Meanings() has %d entries, want %d: %v", len(got), len(want), got)
	}
}

// TestMeaningsOfEdits: what changes an object's digest and what does not.
func TestMeaningsOfEdits(t *testing.T) {
	vars := map[string]string{"remark": "r1", "pw": "Secret_Passw0rd1"}
	base := meanings(t, meaningSrc, vars)
	tests := []struct {
		name    string
		src     string
		vars    map[string]string
		changed []string // every other address keeps its digest
	}{
		{name: "comments, blank lines and indentation",
			src: "# a comment\n" + strings.ReplaceAll(strings.ReplaceAll(meaningSrc, "\n  account", "\n\n      # note\n      account"), "=", " = ")},
		{name: "blocks reordered",
			src: meaningSrc[strings.Index(meaningSrc, "postgres_ro_group"):] + meaningSrc[:strings.Index(meaningSrc, "postgres_ro_group")]},
		{name: "another secret value", vars: map[string]string{"remark": "r1", "pw": "Other_Passw0rd2"}},
		{name: "no secret value", vars: map[string]string{"remark": "r1"}},
		{name: "a rate limit", src: strings.Replace(meaningSrc, `region = "ap-guangzhou"`, "region = \"ap-guangzhou\"\n  rate_limits = { CreateAccount = 5 }", 1)},
		{name: "an unrelated block added",
			src: meaningSrc + "libradb_cluster \"d\" {\n  cluster_id = \"libradb-efgh5678\"\n}\n",
			// the new block has its own digest; every old one is kept
		},
		{name: "a non-sensitive variable", vars: map[string]string{"remark": "r2"}, changed: []string{"postgres_instance.a.account.u"}},
		{name: "a sibling account",
			src:     strings.Replace(meaningSrc, "account \"v\" {\n    cam = true", "account \"v\" {\n    cam = false", 1),
			changed: []string{"postgres_instance.a.account.v"}},
		{name: "the instance id",
			src:     strings.Replace(meaningSrc, `instance_id = "postgres-abcd1234"`, `instance_id = "postgres-zzzz9999"`, 1),
			changed: []string{"postgres_instance.a"}},
		{name: "the selector",
			src:     strings.Replace(meaningSrc, `env = "prod"`, `env = "staging"`, 1),
			changed: []string{"postgres_instance.s"}},
		{name: "the provider region",
			src:     strings.Replace(meaningSrc, `region = "ap-guangzhou"`, `region = "ap-shanghai"`, 1),
			changed: []string{"postgres_instance.a", "postgres_instance.s", "postgres_ro_group.g", "libradb_cluster.c"}},
		{name: "public access family",
			src:     strings.Replace(meaningSrc, "enabled = true", "enabled = true\n    ipv6 = true", 1),
			changed: []string{"postgres_instance.a.extranet"}},
		{name: "a password source",
			src:     strings.Replace(meaningSrc, "password    = var.pw", "password    = env(\"ETL_PW\")", 1),
			changed: []string{"libradb_cluster.c.account.etl"}},
		{name: "grants reordered, privileges spelled otherwise", src: reorderGrants(meaningSrc)},
		{name: "a privilege",
			src:     strings.Replace(meaningSrc, `privileges  = ["select"]`, `privileges  = ["SELECT", "UPDATE"]`, 1),
			changed: []string{"postgres_instance.a.account.v"}},
		{name: "locked",
			src:     strings.Replace(meaningSrc, "account \"v\" {\n    cam = true", "account \"v\" {\n    cam = true\n    locked = true", 1),
			changed: []string{"postgres_instance.a.account.v"}},
		{name: "a network vip",
			src:     strings.Replace(meaningSrc, `subnet_id = "subnet-abcd1234"`, "subnet_id = \"subnet-abcd1234\"\n    vip = \"10.0.0.9\"", 1),
			changed: []string{"postgres_ro_group.g.network[vpc-abcd1234/subnet-abcd1234]"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src, v := tc.src, tc.vars
			if src == "" {
				src = meaningSrc
			}
			if v == nil {
				v = vars
			}
			got := meanings(t, src, v)
			changed := map[string]bool{}
			for _, a := range tc.changed {
				changed[a] = true
			}
			for addr, d := range base {
				switch {
				case got[addr] == "":
					t.Errorf("%s is gone", addr)
				case changed[addr] && got[addr] == d:
					t.Errorf("%s kept its digest, want a new one", addr)
				case !changed[addr] && got[addr] != d:
					t.Errorf("%s got a new digest, want it kept", addr)
				}
			}
		})
	}
}

// reorderGrants swaps account v's two grant blocks and spells a
// privilege in upper case: the same grants.
func reorderGrants(src string) string {
	first := "    grant {\n      object_type = \"table\"\n      database    = \"orders\"\n      schema      = \"public\"\n      objects     = [\"orders\"]\n      privileges  = [\"select\"]\n    }\n"
	second := "    grant {\n      object_type = \"database\"\n      database    = \"orders\"\n      privileges  = [\"CONNECT\"]\n    }\n"
	if !strings.Contains(src, first+second) {
		panic("reorderGrants: the source changed")
	}
	return strings.Replace(src, first+second, second+strings.Replace(first, `"select"`, `"SELECT"`, 1), 1)
}

// TestMeaningsCoverEveryField makes whoever adds a field to a model type
// decide whether it is part of the object's meaning (then Meanings must
// cover it, and it is listed here as covered) or not (listed as not, with
// the reason).
func TestMeaningsCoverEveryField(t *testing.T) {
	classified := map[reflect.Type]map[string]string{
		reflect.TypeFor[Provider](): {
			"Name": "covered", "Region": "covered", "Domain": "covered", "Endpoints": "covered", "Endpoint": "covered",
			"Alias": "not: part of Name", "RateLimits": "not: speed, not meaning", "DeclRange": "not: position",
			"Profile": "not: identity", "AssumeRole": "not: identity", "WebIdentity": "not: identity",
			"AllowedAccountIDs": "not: identity guard", "ForbiddenAccountIDs": "not: identity guard",
		},
		reflect.TypeFor[Instance](): {
			"InstanceID": "covered", "Selector": "covered", "Region": "covered", "Provider": "covered", "Prune": "covered",
			"Addr": "not: the key", "Extranet": "not: own object", "Accounts": "not: own objects", "DeclRange": "not: position",
		},
		reflect.TypeFor[Selector](): {
			"InstanceIDs": "covered", "Tags": "covered", "NamePattern": "covered", "DeclRange": "not: position",
		},
		reflect.TypeFor[Extranet](): {"Enabled": "covered", "IPv6": "covered", "DeclRange": "not: position"},
		reflect.TypeFor[Account](): {
			"Name": "covered", "Type": "covered", "TypeDeclared": "covered", "PasswordSource": "covered", "Remark": "covered",
			"CAM": "covered", "Locked": "covered", "Grants": "covered", "Absent": "covered", "Rotation": "covered",
			"Addr": "not: the key", "Password": "not: a secret", "DeclRange": "not: position",
		},
		reflect.TypeFor[Rotation](): {
			"ChangedAfter": "covered", "ChangedAfterRange": "not: position",
			"MaxAge": "not: reports only, plans nothing", "MaxAgeText": "not: reports only",
		},
		reflect.TypeFor[Prune](): {"NamePattern": "covered", "Except": "covered", "DeclRange": "not: position"},
		reflect.TypeFor[Grant](): {
			"ObjectType": "covered", "Database": "covered", "Schema": "covered", "Table": "covered", "Objects": "covered",
			"Privileges": "covered", "DeclRange": "not: position",
		},
		reflect.TypeFor[ROGroup](): {
			"ROGroupID": "covered", "MasterInstanceID": "covered", "Region": "covered", "Provider": "covered",
			"Addr": "not: the key", "Networks": "not: own objects", "DeclRange": "not: position",
		},
		reflect.TypeFor[Network](): {
			"VpcID": "covered", "SubnetID": "covered", "VIP": "covered", "Absent": "covered",
			"Addr": "not: the key", "DeclRange": "not: position",
		},
		reflect.TypeFor[LibraCluster](): {
			"ClusterID": "covered", "Region": "covered", "Provider": "covered", "Prune": "covered",
			"Addr": "not: the key", "Accounts": "not: own objects", "DeclRange": "not: position",
		},
		reflect.TypeFor[LibraAccount](): {
			"Name": "covered", "Host": "covered", "PasswordSource": "covered", "Description": "covered", "MaxUserConnections": "covered",
			"Grants": "covered", "Absent": "covered", "Rotation": "covered", "Addr": "not: the key", "Password": "not: a secret", "DeclRange": "not: position",
		},
	}
	for typ, fields := range classified {
		for i := range typ.NumField() {
			name := typ.Field(i).Name
			if _, ok := fields[name]; !ok {
				t.Errorf("config.%s.%s is new: decide whether it is part of the object's meaning (cover it in Meanings, meaning.go) or not, and classify it here", typ.Name(), name)
			}
		}
		for name := range fields {
			if _, ok := typ.FieldByName(name); !ok {
				t.Errorf("config.%s.%s is classified here but no longer exists", typ.Name(), name)
			}
		}
	}
}
