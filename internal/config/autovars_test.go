package config

import (
	"os"
	"path/filepath"
	"testing"
)

// TestAutoVarFilesInDirectoryWithGlobCharacters: a configuration
// directory whose name has glob characters still gets its
// *.auto.vars.hcl values.
func TestAutoVarFilesInDirectoryWithGlobCharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "db[prod]")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"main.hcl": `variable "id" {
  type = string
}

postgres_instance "a" {
  instance_id = var.id
  region      = "ap-guangzhou"
}
`,
		"prod.auto.vars.hcl": "id = \"postgres-abcd1234\"\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg, diags := Load(dir, LoadOptions{})
	if diags.HasErrors() {
		t.Fatalf("Load(%q) diagnostics: %v", dir, diags)
	}
	if len(cfg.Instances) != 1 || cfg.Instances[0].InstanceID != "postgres-abcd1234" {
		t.Errorf("instance id from the auto vars file not applied: %+v", cfg.Instances)
	}
}
