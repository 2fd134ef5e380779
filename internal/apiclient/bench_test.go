package apiclient

import (
	"context"
	"testing"
	"time"

	"github.com/dbplan/dbplan/internal/clock"
	"github.com/dbplan/dbplan/internal/secret"
	"github.com/dbplan/dbplan/internal/tcsim"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
)

// BenchmarkCallAgainstSimulator measures one signed call end to end (encode,
// sign, loopback HTTP, simulator, decode) and reports calls per second.
func BenchmarkCallAgainstSimulator(b *testing.B) {
	w, err := tcsim.ParseWorld([]byte(simWorld))
	if err != nil {
		b.Fatal(err)
	}
	run := tcsim.NewTestServer(b, w, tcsim.Options{Clock: clock.NewFake(time.Now()), RateScale: 1e9})
	c, err := New(Config{Region: "ap-guangzhou", Endpoint: run.URL, Credential: common.NewTokenCredential(simID, simKey, simToken)})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	req := ModifyAccountRemarkRequest{DBInstanceId: "postgres-rt000001", UserName: "root", Remark: "bench"}
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		if _, err := c.ModifyAccountRemark(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "calls/s")
}

// BenchmarkEncodeParams measures building the wire parameters of a request
// holding a password.
func BenchmarkEncodeParams(b *testing.B) {
	req := CreateLibraDBClusterAccountsRequest{ClusterId: "libradb-1", Accounts: []NewAccount{
		{AccountName: "a", Host: "%", AccountPassword: secret.New("Passw0rd!x")},
		{AccountName: "b", Host: "%", AccountPassword: secret.New("Passw0rd!y")},
	}}
	for b.Loop() {
		if _, err := encodeParams(req.wire()); err != nil {
			b.Fatal(err)
		}
	}
}
