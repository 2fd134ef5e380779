package tcsim

import (
	"fmt"
	"net/http"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dbplan/dbplan/internal/clock"
)

// BenchmarkServe measures simulator throughput over loopback HTTP with
// signing and verification, limits scaled out of the way:
//
//	go test -run '^$' -bench Serve -benchtime 2000x ./internal/tcsim
func BenchmarkServe(b *testing.B) {
	for _, tc := range []struct {
		action string
		state  bool
	}{{"DescribeAccounts", false}, {"CreateAccount", false}, {"CreateAccount", true}} {
		action := tc.action
		name := action
		opts := Options{RateScale: 1e6}
		if tc.state {
			name += "/with-state-file"
		}
		b.Run(name, func(b *testing.B) {
			if tc.state {
				opts.StatePath = filepath.Join(b.TempDir(), "state.json")
			}
			run := NewTestServer(b, loadTestWorld(b), opts)
			var n atomic.Int64
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				c := &rawClient{t: b, url: run.URL, id: testID1, key: testKey1, clk: clock.Real{}, region: "ap-guangzhou"}
				for pb.Next() {
					i := n.Add(1)
					p := obj{"DBInstanceId": inst}
					if action == "CreateAccount" {
						p = obj{"DBInstanceId": inst, "UserName": fmt.Sprintf("bench_%d", i), "Password": "Passw0rd!x", "Type": "normal"}
					}
					req := c.signed(action, mustJSON(b, p))
					resp, err := http.DefaultClient.Do(req)
					if err != nil {
						b.Fatal(err)
					}
					resp.Body.Close()
				}
			})
			b.ReportMetric(float64(n.Load())/time.Since(start).Seconds(), "req/s")
		})
	}
}
