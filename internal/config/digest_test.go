package config

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDigest(t *testing.T) {
	const src = `
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
  account "u" {
    remark   = var.remark
    password = var.pw
  }
}
`
	dir := writeDir(t, map[string]string{"main.hcl": src})
	digest := func(t *testing.T, dir string, vars map[string]string) string {
		t.Helper()
		cfg, diags := Load(dir, LoadOptions{Vars: vars})
		if diags.HasErrors() {
			t.Fatalf("Load: %v", diags)
		}
		return cfg.Digest
	}
	base := digest(t, dir, map[string]string{"remark": "r1", "pw": "Secret_Passw0rd1"})
	if len(base) != 64 {
		t.Fatalf("digest %q is not hex SHA-256", base)
	}
	if got := digest(t, dir, map[string]string{"remark": "r1", "pw": "Other_Passw0rd2"}); got != base {
		t.Error("digest changed when only a sensitive value changed")
	}
	if got := digest(t, dir, map[string]string{"remark": "r1"}); got != base {
		t.Error("digest changed when a sensitive value was left out")
	}
	if got := digest(t, dir, map[string]string{"remark": "r2", "pw": "Secret_Passw0rd1"}); got == base {
		t.Error("digest did not change with a non-sensitive variable value")
	}
	if err := os.WriteFile(filepath.Join(dir, "main.hcl"), []byte(src+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := digest(t, dir, map[string]string{"remark": "r1", "pw": "Secret_Passw0rd1"}); got == base {
		t.Error("digest did not change with the file contents")
	}
	other := writeDir(t, map[string]string{"main.hcl": src})
	if got := digest(t, other, map[string]string{"remark": "r1", "pw": "Secret_Passw0rd1"}); got != base {
		t.Error("digest depends on the directory path, want only file names and contents")
	}
}
