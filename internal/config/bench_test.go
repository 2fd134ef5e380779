package config

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkLoadBulk loads the bulk case: accounts declared on many
// instances through for_each, plus as many literal blocks.
func BenchmarkLoadBulk(b *testing.B) {
	const instances, accounts = 1000, 10
	var src strings.Builder
	src.WriteString("provider \"tencentcloud\" {\n  region = \"ap-guangzhou\"\n}\n")
	src.WriteString("variable \"pw\" {\n  type      = string\n  sensitive = true\n}\n")
	src.WriteString("locals {\n  ids = toset([for i in range(1000) : format(\"postgres-f%07d\", i)])\n}\n")
	src.WriteString("postgres_instance \"fleet\" {\n  for_each    = local.ids\n  instance_id = each.key\n")
	for a := range accounts {
		fmt.Fprintf(&src, "  account \"user%d\" {\n    password = var.pw\n    remark   = \"r%d\"\n  }\n", a, a)
	}
	src.WriteString("}\n")
	for i := range instances {
		fmt.Fprintf(&src, "postgres_instance \"i%d\" {\n  instance_id = \"postgres-l%07d\"\n", i, i)
		for a := range accounts {
			fmt.Fprintf(&src, "  account \"user%d\" {\n    password = var.pw\n  }\n", a)
		}
		src.WriteString("}\n")
	}
	dir := writeDir(b, map[string]string{"main.hcl": src.String()})
	opts := LoadOptions{Vars: map[string]string{"pw": "Bulk_Passw0rd!"}}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		cfg, diags := Load(dir, opts)
		if diags.HasErrors() || len(cfg.Instances) != 2*instances {
			b.Fatalf("Load: %d instances, %v", len(cfg.Instances), diags)
		}
	}
	b.ReportMetric(float64(2*instances*accounts)*float64(b.N)/b.Elapsed().Seconds(), "accounts/s")
}
