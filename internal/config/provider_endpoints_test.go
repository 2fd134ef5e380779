package config

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestProviderEnvironmentDefaults checks that TENCENTCLOUD_REGION and
// TENCENTCLOUD_DOMAIN fill what a provider block leaves out, as in the
// Terraform provider, and never override what it sets.
func TestProviderEnvironmentDefaults(t *testing.T) {
	src := `
provider "tencentcloud" {}

provider "tencentcloud" {
  alias  = "sg"
  region = "ap-singapore"
  domain = "intl.tencentcloudapi.com"
  endpoints {
    sts = "https://sts.gw.internal"
  }
}

postgres_instance "a" {
  instance_id = "postgres-abcd1234"
}

postgres_instance "b" {
  instance_id = "postgres-abcd1235"
  provider    = tencentcloud.sg
}
`
	type got struct{ Region, Domain, ARegion, BRegion string }
	tests := []struct {
		name string
		env  map[string]string
		want map[string]got
	}{
		{"environment fills the gaps", map[string]string{"TENCENTCLOUD_REGION": "ap-shanghai", "TENCENTCLOUD_DOMAIN": "example.com"},
			map[string]got{
				"tencentcloud":    {Region: "ap-shanghai", Domain: "example.com", ARegion: "ap-shanghai"},
				"tencentcloud.sg": {Region: "ap-singapore", Domain: "intl.tencentcloudapi.com", BRegion: "ap-singapore"},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeDir(t, map[string]string{"main.hcl": src})
			cfg, diags := Load(dir, LoadOptions{Getenv: mapEnv(tt.env)})
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			out := map[string]got{}
			for _, p := range cfg.Providers {
				out[p.Name] = got{Region: p.Region, Domain: p.Domain}
			}
			for _, in := range cfg.Instances {
				g := out[in.Provider]
				if in.Addr == "postgres_instance.a" {
					g.ARegion = in.Region
				} else {
					g.BRegion = in.Region
				}
				out[in.Provider] = g
			}
			if diff := cmp.Diff(tt.want, out); diff != "" {
				t.Errorf("providers (-want +got):\n%s", diff)
			}
			if sg := cfg.Providers[1]; sg.Endpoints["sts"] != "https://sts.gw.internal" {
				t.Errorf("endpoints of %s = %v, want sts set", sg.Name, sg.Endpoints)
			}
		})
	}

	dir := writeDir(t, map[string]string{"main.hcl": src})
	_, sums := summaries(t, dir, LoadOptions{})
	if diff := cmp.Diff([]string{"ERROR: Missing region"}, sums); diff != "" {
		t.Errorf("without TENCENTCLOUD_REGION (-want +got):\n%s", diff)
	}
	_, sums = summaries(t, dir, LoadOptions{Getenv: mapEnv(map[string]string{"TENCENTCLOUD_REGION": "xx-nowhere"})})
	if diff := cmp.Diff([]string{"ERROR: Invalid region"}, sums); diff != "" {
		t.Errorf("with a bad TENCENTCLOUD_REGION (-want +got):\n%s", diff)
	}
}
