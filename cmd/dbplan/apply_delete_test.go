package main

import (
	"strings"
	"testing"
)

// TestApplyPromptCountsDeletes: before asking for yes on a terminal,
// apply says how many objects the plan deletes; answering anything else
// deletes nothing.
func TestApplyPromptCountsDeletes(t *testing.T) {
	const world = `{"instances": [{"id": "postgres-fx000001", "region": "ap-guangzhou", "name": "orders",
  "accounts": [{"user_name": "root", "user_type": "tencentDBSuper"}, {"user_name": "gone"}, {"user_name": "tmp_1"}]}],
  "ro_groups": [], "libradb_clusters": []}`
	const hcl = `provider "tencentcloud" {
  region = "ap-guangzhou"
}

postgres_instance "orders" {
  instance_id = "postgres-fx000001"
  prune_accounts {
    name_pattern = "tmp_*"
  }
  account "gone" {
    absent = true
  }
}
`
	dir := writeFixture(t, hcl, world)
	code, stdout, stderr := runApplyCmd(t, nil, "no\n", true, "-sim", dir)
	if code != exitError || !strings.Contains(stdout, "This plan deletes 2 object(s)") || !strings.Contains(stderr, "nothing was changed") {
		t.Fatalf("apply answered no: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	for _, want := range []string{"- account.gone  DeleteAccount", "- account.tmp_1  DeleteAccount", "0 to create, 0 to change, 2 to destroy"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("the plan shown lacks %q:\n%s", want, stdout)
		}
	}
	code, stdout, _ = runApplyCmd(t, nil, "yes\n", true, "-sim", dir)
	if code != exitOK || !strings.Contains(stdout, "deletes:") {
		t.Errorf("apply answered yes: exit %d, want 0 and the deletes counted:\n%s", code, stdout)
	}
	code, stdout, _ = runApplyCmd(t, nil, "", true, "-sim", dir)
	if code != exitOK || strings.Contains(stdout, "This plan deletes") || !strings.Contains(stdout, "No changes.") {
		t.Errorf("apply after the deletes: exit %d, want no changes and no prompt:\n%s", code, stdout)
	}
}
