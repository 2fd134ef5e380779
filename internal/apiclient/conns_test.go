package apiclient

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"

	"github.com/dbplan/dbplan/internal/clock"
	"github.com/dbplan/dbplan/internal/tcsim"
)

// connCountingSim is the simulator on a loopback server that counts the
// connections clients open to it.
type connCountingSim struct {
	*httptest.Server
	opened atomic.Int64
}

func newConnCountingSim(tb testing.TB, useTLS bool) *connCountingSim {
	tb.Helper()
	w, err := tcsim.ParseWorld([]byte(simWorld))
	if err != nil {
		tb.Fatal(err)
	}
	srv, err := tcsim.New(w, tcsim.Options{Clock: clock.NewFake(time.Now()), RateScale: 1e9})
	if err != nil {
		tb.Fatal(err)
	}
	s := &connCountingSim{Server: httptest.NewUnstartedServer(srv)}
	s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.opened.Add(1)
		}
	}
	if useTLS {
		s.StartTLS()
	} else {
		s.Start()
	}
	tb.Cleanup(s.Close)
	return s
}

// client returns a client of s whose transport is tr (trusting s's
// certificate when s is TLS).
func (s *connCountingSim) client(tb testing.TB, tr *http.Transport) *Client {
	tb.Helper()
	if s.Certificate() != nil {
		pool := x509.NewCertPool()
		pool.AddCert(s.Certificate())
		tr.TLSClientConfig = &tls.Config{RootCAs: pool}
	}
	c, err := New(Config{Region: "ap-guangzhou", Endpoint: s.URL, HTTPTransport: tr,
		Credential: common.NewTokenCredential(simID, simKey, simToken)})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// burst makes n calls at once and waits for them.
func burst(tb testing.TB, c *Client, n int) {
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			if _, err := c.DescribeDBInstances(context.Background(), DescribeDBInstancesRequest{Limit: 1}); err != nil {
				tb.Error(err)
			}
		})
	}
	wg.Wait()
}

// TestConcurrentCallsReuseConnections: bursts of as many concurrent calls
// as the client's MaxConns open at most MaxConns connections in all: the
// connections of one burst stay open for the next. With Go's default
// transport (2 idle connections per host) each burst opened new ones for
// most of its calls (16 calls × 5 bursts: 70–72 connections).
func TestConcurrentCallsReuseConnections(t *testing.T) {
	const parallelism, bursts = 16, 5
	s := newConnCountingSim(t, false)
	c, err := New(Config{Region: "ap-guangzhou", Endpoint: s.URL, MaxConns: parallelism,
		Credential: common.NewTokenCredential(simID, simKey, simToken)})
	if err != nil {
		t.Fatal(err)
	}
	for range bursts {
		burst(t, c, parallelism)
	}
	if got := s.opened.Load(); got > parallelism {
		t.Errorf("%d bursts of %d concurrent calls opened %d connections, want at most %d", bursts, parallelism, got, parallelism)
	}
}

func TestDefaultTransportKeepsDefaultMaxConns(t *testing.T) {
	tr, ok := newTransport(0).(*http.Transport)
	if !ok {
		t.Fatal("newTransport did not return an *http.Transport")
	}
	if tr.MaxIdleConnsPerHost != DefaultMaxConns || tr.MaxIdleConns != 0 || tr.MaxConnsPerHost != 0 {
		t.Errorf("idle per host %d, idle in all %d, per host %d; want %d, no limit, no limit",
			tr.MaxIdleConnsPerHost, tr.MaxIdleConns, tr.MaxConnsPerHost, DefaultMaxConns)
	}
}

// BenchmarkConcurrentCalls makes bursts of 64 concurrent calls (the default
// parallelism) against the simulator, over HTTP and over TLS as the real
// endpoints use, with Go's default of 2 idle connections per host
// (idle=2) and with the pool sized to the parallelism (idle=64). It
// reports calls per second and new connections per call.
func BenchmarkConcurrentCalls(b *testing.B) {
	const parallelism = 64
	for _, useTLS := range []bool{false, true} {
		for _, idle := range []int{2, parallelism} {
			name := "http"
			if useTLS {
				name = "tls"
			}
			b.Run(name+"/idle="+strconv.Itoa(idle), func(b *testing.B) {
				s := newConnCountingSim(b, useTLS)
				tr := newTransport(idle).(*http.Transport)
				c := s.client(b, tr)
				burst(b, c, parallelism) // warm up: the pool as it is after the first burst
				s.opened.Store(0)
				b.ResetTimer()
				start := time.Now()
				calls := 0
				for b.Loop() {
					burst(b, c, parallelism)
					calls += parallelism
				}
				b.ReportMetric(float64(calls)/time.Since(start).Seconds(), "calls/s")
				b.ReportMetric(float64(s.opened.Load())/float64(calls), "conns/call")
			})
		}
	}
}
