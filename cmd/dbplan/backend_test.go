package main

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/config"
)

func TestOpenCloudEndpointPrecedence(t *testing.T) {
	cfg := &config.Config{Providers: []*config.Provider{
		{Name: "tencentcloud", Region: "ap-guangzhou"},
		{Name: "tencentcloud.private", Region: "ap-shanghai", Endpoint: "http://block:1"},
		{Name: "tencentcloud.intl", Region: "ap-singapore", Domain: "intl.tencentcloudapi.com",
			Endpoints: map[string]string{"cynosdb": "https://cynosdb.gw.internal"}},
	}}
	creds := map[string]string{"TENCENTCLOUD_SECRET_ID": "AKIDx", "TENCENTCLOUD_SECRET_KEY": "k"}
	withEnv := map[string]string{envEndpoint: "http://env:2"}
	for k, v := range creds {
		withEnv[k] = v
	}
	// Each provider's postgres and cynosdb endpoints.
	tests := []struct {
		name string
		vars map[string]string
		flag string
		want map[string][2]string
	}{
		{"provider blocks, else public", creds, "", map[string][2]string{
			"tencentcloud":         {"https://postgres.tencentcloudapi.com", "https://cynosdb.tencentcloudapi.com"},
			"tencentcloud.private": {"http://block:1", "http://block:1"},
			"tencentcloud.intl":    {"https://postgres.intl.tencentcloudapi.com", "https://cynosdb.gw.internal"},
		}},
		{"environment over the blocks", withEnv, "", map[string][2]string{
			"tencentcloud":         {"http://env:2", "http://env:2"},
			"tencentcloud.private": {"http://env:2", "http://env:2"},
			"tencentcloud.intl":    {"http://env:2", "http://env:2"},
		}},
		{"flag over the environment", withEnv, "http://flag:3", map[string][2]string{
			"tencentcloud":         {"http://flag:3", "http://flag:3"},
			"tencentcloud.private": {"http://flag:3", "http://flag:3"},
			"tencentcloud.intl":    {"http://flag:3", "http://flag:3"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, _, _ := newTestEnv(tt.vars)
			c, err := openCloud(context.Background(), e, cfg, &cloudFlags{endpoint: tt.flag})
			if err != nil {
				t.Fatalf("openCloud: %v", err)
			}
			defer c.Close()
			got := map[string][2]string{}
			for name, cl := range c.clients {
				got[name] = [2]string{cl.Endpoint(apiclient.ProductPostgres), cl.Endpoint(apiclient.ProductCynosdb)}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("endpoints mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestOpenCloudRefusesAProductHostForEveryProduct(t *testing.T) {
	cfg := &config.Config{Providers: []*config.Provider{{Name: "tencentcloud.pg", Region: "ap-guangzhou",
		Endpoint: "postgres.tencentcloudapi.com", DeclRange: hcl.Range{Filename: "/x/main.hcl", Start: hcl.Pos{Line: 7}}}},
		Instances: []*config.Instance{{Addr: "postgres_instance.a", Provider: "tencentcloud.pg", Region: "ap-guangzhou"}}}
	e, _, _ := newTestEnv(map[string]string{"TENCENTCLOUD_SECRET_ID": "AKIDx", "TENCENTCLOUD_SECRET_KEY": "k"})
	_, err := openCloud(context.Background(), e, cfg, &cloudFlags{})
	if err == nil || !strings.Contains(err.Error(), "provider tencentcloud.pg (main.hcl:7)") || !strings.Contains(err.Error(), "endpoints {") {
		t.Errorf("openCloud error = %v, want one naming the provider block and pointing to endpoints {}", err)
	}
}

func TestOpenCloudRateLimits(t *testing.T) {
	cfg := &config.Config{Providers: []*config.Provider{
		{Name: "tencentcloud", Region: "ap-guangzhou", RateLimits: map[string]float64{"CreateAccount": 50, "OpenAccountCAM": 40}},
		{Name: "tencentcloud.b", Region: "ap-guangzhou", RateLimits: map[string]float64{"CreateAccount": 30}},
	}}
	e, _, _ := newTestEnv(map[string]string{"TENCENTCLOUD_SECRET_ID": "AKIDx", "TENCENTCLOUD_SECRET_KEY": "k"})
	c, err := openCloud(context.Background(), e, cfg, &cloudFlags{})
	if err != nil {
		t.Fatalf("openCloud: %v", err)
	}
	acct := c.clients["tencentcloud"].Account()
	// One key: the lowest declared rate of an action wins.
	for action, want := range map[string]float64{"CreateAccount": 30, "OpenAccountCAM": 40, "DescribeAccounts": 1000} {
		if got := c.quota.Quota(acct, action); got != want {
			t.Errorf("quota of %s = %v, want %v", action, got, want)
		}
	}
}

func TestOpenCloudDebugTraceRedacts(t *testing.T) {
	dir := writeFixture(t, fixtureHCL, fixtureWorld)
	code, _, errs := runPlanCmd(t, map[string]string{"DBPLAN_LOG": "debug", "DBPLAN_VAR_app_password": fixturePassword}, "-sim", dir)
	if code != exitOK {
		t.Fatalf("plan exit = %d; stderr:\n%s", code, errs)
	}
	if !strings.Contains(errs, "DescribeDBInstances") {
		t.Errorf("DBPLAN_LOG=debug traced nothing:\n%s", errs)
	}
	for _, secret := range []string{fixturePassword, "dbplanSimulatorDefaultKey"} {
		if strings.Contains(errs, secret) {
			t.Errorf("the debug trace contains the secret %q", secret)
		}
	}
}

func TestCloudClients(t *testing.T) {
	cfg := &config.Config{Providers: []*config.Provider{{Name: "tencentcloud", Region: "ap-guangzhou"}}}
	e, _, _ := newTestEnv(map[string]string{"TENCENTCLOUD_SECRET_ID": "AKIDx", "TENCENTCLOUD_SECRET_KEY": "k"})
	c, err := openCloud(context.Background(), e, cfg, &cloudFlags{})
	if err != nil {
		t.Fatalf("openCloud: %v", err)
	}
	clients := c.execClients()
	if _, err := clients("tencentcloud", "ap-shanghai"); err != nil {
		t.Errorf("clients(tencentcloud, ap-shanghai): %v", err)
	}
	if _, err := clients("tencentcloud.nope", "ap-shanghai"); err == nil || !strings.Contains(err.Error(), "tencentcloud.nope") {
		t.Errorf("clients(unknown provider) error = %v, want one naming it", err)
	}
	if _, err := clients("tencentcloud", ""); err == nil || !strings.Contains(err.Error(), "region") {
		t.Errorf("clients(no region) error = %v, want one about the region", err)
	}
}
