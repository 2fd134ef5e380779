package e2e

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbplan/dbplan/internal/tcsim"
)

// variantWorld has an IPv6-capable instance with an RO group, a second
// instance and a LibraDB cluster.
const variantWorld = `{
  "instances": [
    {"id": "postgres-var00001", "region": "ap-guangzhou", "support_ipv6": true,
     "accounts": [{"user_name": "root", "user_type": "tencentDBSuper"}]},
    {"id": "postgres-var00002", "region": "ap-guangzhou",
     "accounts": [{"user_name": "root", "user_type": "tencentDBSuper"}]}
  ],
  "ro_groups": [
    {"id": "pgrogrp-var00001", "master_instance_id": "postgres-var00001",
     "networks": [{"net_type": "private", "status": "opened", "ip": "10.0.0.88", "vpc_id": "vpc-a", "subnet_id": "subnet-a"}]}
  ],
  "libradb_clusters": [
    {"id": "libradb-var00001", "region": "ap-guangzhou", "accounts": [{"account_name": "root", "builtin": true}]}
  ]
}`

// variantConfig declares an account of every sort, public access (IPv6 on
// the first instance, IPv4 on the second), a second RO network and three
// LibraDB accounts; remark and description vary by round.
func variantConfig(round string) string {
	return `provider "tencentcloud" {
  region = "ap-guangzhou"
}

variable "app_password" {
  type      = string
  sensitive = true
}

postgres_instance "one" {
  instance_id = "postgres-var00001"
  extranet {
    enabled = true
    ipv6    = true
  }
  account "app" {
    password = var.app_password
    remark   = "app-` + round + `"
  }
  account "auditor" {
    cam = true
  }
}

postgres_instance "two" {
  instance_id = "postgres-var00002"
  extranet {
    enabled = true
  }
  account "report" {
    password = var.app_password
    cam      = false
  }
}

postgres_ro_group "ro" {
  ro_group_id        = "pgrogrp-var00001"
  master_instance_id = "postgres-var00001"
  network {
    vpc_id    = "vpc-a"
    subnet_id = "subnet-a"
  }
  network {
    vpc_id    = "vpc-b"
    subnet_id = "subnet-b"
  }
}

libradb_cluster "warehouse" {
  cluster_id = "libradb-var00001"
  account "etl" {
    password    = var.app_password
    description = "etl ` + round + `"
  }
  account "bi" {
    password    = var.app_password
    description = "bi ` + round + `"
  }
  account "ops" {
    password = var.app_password
  }
}
`
}

// variantFaults are faults added under some variants so that the apply
// takes the path the variant changes: a lost answer to an extranet open
// makes dbplan re-read (stale under stale-polls) and possibly call again
// (an error under reopen-extranet).
var variantFaults = map[string][]string{
	"stale-polls=3": {"--fault", "OpenDBExtranetAccess=0.5:commit-then-drop"},
	"reopen-extranet=FailedOperation.FailedOperationError": {"--fault", "OpenDBExtranetAccess=0.5:commit-then-drop"},
}

// TestWorkflowUnderVariants runs the workflow against the simulator under
// each plausible answer to what the API documentation leaves open
// (tcsim.PlausibleVariants), and under the defaults: plan shows changes;
// two applies run at once (two CI jobs racing: creates meet "exists"
// answers, opens meet busy instances); a third apply and a plan then show
// no changes; a change of remarks and descriptions is applied and planned
// again. dbplan must converge under every variant, creating no account
// twice.
func TestWorkflowUnderVariants(t *testing.T) {
	variants := append([]string{""}, tcsim.PlausibleVariants()...)
	for _, v := range variants {
		name := v
		if name == "" {
			name = "defaults"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			world := writeFile(t, dir, "world.json", variantWorld)
			writeFile(t, dir, "main.hcl", variantConfig("1"))
			flags := []string{"--flow-duration", "300ms", "--rate-scale", "5", "--seed", "7"}
			if v != "" {
				flags = append(flags, "--variant", v)
			}
			s := startSim(t, world, filepath.Join(dir, "state.json"), append(flags, variantFaults[v]...)...)
			env := []string{"DBPLAN_VAR_app_password=" + appPassword}

			r := s.dbplan(dir, env, "plan", "-detailed-exitcode", ".")
			mustCode(t, "first plan", r, 2)
			racing := make(chan result, 2)
			for range 2 {
				go func() {
					racing <- runDbplan(t, dir, append(append([]string{}, s.env...), env...), "apply", "-auto-approve", ".")
				}()
			}
			for range 2 {
				r := <-racing
				t.Logf("racing apply: exit %d\n%s", r.code, r.stdout)
				if r.code != 0 && r.code != exitPartial {
					t.Fatalf("one of two racing applies exited %d, want 0 or %d (drift or a lost race)\nstdout:\n%s\nstderr:\n%s",
						r.code, exitPartial, r.stdout, r.stderr)
				}
			}
			r = s.dbplan(dir, env, "apply", "-auto-approve", ".")
			mustCode(t, "apply after the race", r, 0)
			r = s.dbplan(dir, env, "plan", "-detailed-exitcode", ".")
			mustCode(t, "plan after apply", r, 0)
			if v == "opencam=absent" && !strings.Contains(r.stdout+r.stderr, "unknown") {
				t.Errorf("plan does not say the CAM state is unknown:\n%s%s", r.stdout, r.stderr)
			}

			writeFile(t, dir, "main.hcl", variantConfig("2"))
			r = s.dbplan(dir, env, "apply", "-auto-approve", ".")
			mustCode(t, "apply of the changed remarks and descriptions", r, 0)
			r = s.dbplan(dir, env, "plan", "-detailed-exitcode", ".")
			mustCode(t, "plan after the second apply", r, 0)

			s.createdOnce(6)
		})
	}
}
