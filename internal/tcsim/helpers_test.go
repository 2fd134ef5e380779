package tcsim

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dbplan/dbplan/internal/clock"
)

// testStart is the fake clock's start: 2026-11-22 12:00:00 UTC.
var testStart = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

const (
	testID1  = "AKIDsimtest0000000000000000000000001"
	testKey1 = "simtestkey000000000000000000000001"
	testID2  = "AKIDsimtest0000000000000000000000002"
	testKey2 = "simtestkey000000000000000000000002"
)

func loadTestWorld(t testing.TB) *World {
	t.Helper()
	w, err := LoadWorld("testdata/world.json")
	if err != nil {
		t.Fatalf("LoadWorld: %v", err)
	}
	return w
}

// fixture is a simulator on a fake clock with a raw signing client.
type fixture struct {
	t   testing.TB
	clk *clock.Fake
	run *Running
	cl  *rawClient
}

func newFixture(t testing.TB, opts Options) *fixture {
	t.Helper()
	return newFixtureWorld(t, loadTestWorld(t), opts)
}

// newFixtureWorld is newFixture with a world of the test's own.
func newFixtureWorld(t testing.TB, w *World, opts Options) *fixture {
	t.Helper()
	clk := clock.NewFake(testStart)
	opts.Clock = clk
	run := NewTestServer(t, w, opts)
	return &fixture{t: t, clk: clk, run: run, cl: &rawClient{
		t: t, url: run.URL, id: testID1, key: testKey1, clk: clk, region: "ap-guangzhou",
	}}
}

// rawClient signs requests with TC3-HMAC-SHA256 at the fake clock's time.
type rawClient struct {
	t      testing.TB
	url    string
	id     string
	key    string
	token  string
	clk    clock.Clock
	region string
	// host, when set, is the Host the request names (and signs); with
	// proxy set, the request goes through the simulator as an HTTP proxy
	// (absolute-form URI), else the Host header is set on a direct request.
	host  string
	proxy bool
	// service, when set, replaces the service serviceOf derives.
	service string
	// unsigned sends Authorization: SKIP instead of a signature.
	unsigned bool
}

// result is a decoded answer.
type result struct {
	Code string
	Msg  string
	Body map[string]any // the Response object
}

func serviceOf(action string) string {
	switch {
	case strings.Contains(action, "LibraDB"):
		return serviceCynosdb
	case strings.HasPrefix(action, "AssumeRole") || action == "GetCallerIdentity":
		return serviceSTS
	}
	return servicePostgres
}

func versionOf(service string) string {
	switch service {
	case serviceCynosdb:
		return versionCynosdb
	case serviceSTS:
		return versionSTS
	}
	return versionPostgres
}

// do sends action with params (marshalled to JSON) and decodes the answer.
func (c *rawClient) do(action string, params any) result {
	c.t.Helper()
	body, err := json.Marshal(params)
	if err != nil {
		c.t.Fatal(err)
	}
	req := c.signed(action, body)
	return c.send(req)
}

func (c *rawClient) signed(action string, body []byte) *http.Request {
	c.t.Helper()
	service := serviceOf(action)
	version := versionOf(service)
	if c.service != "" {
		service = c.service
	}
	url := c.url
	if c.proxy {
		url = "http://" + c.host + "/"
	}
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	host := req.URL.Host
	if c.host != "" {
		req.Host, host = c.host, c.host
	}
	ts := c.clk.Now().Unix()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-TC-Action", action)
	req.Header.Set("X-TC-Version", version)
	req.Header.Set("X-TC-Timestamp", strconv.FormatInt(ts, 10))
	if c.region != "" {
		req.Header.Set("X-TC-Region", c.region)
	}
	if c.token != "" {
		req.Header.Set("X-TC-Token", c.token)
	}
	date := time.Unix(ts, 0).UTC().Format("2006-01-02")
	names := []string{"content-type", "host"}
	cr := canonicalRequest("POST", "", names, []string{"application/json", host}, true, sha256Hex(body))
	sig := signature(deriveSigningKey(c.key, date, service), stringToSign(strconv.FormatInt(ts, 10), date, service, cr))
	req.Header.Set("Authorization", tc3Algorithm+" Credential="+c.id+"/"+date+"/"+service+"/tc3_request, SignedHeaders=content-type;host, Signature="+sig)
	if c.unsigned {
		req.Header.Set("Authorization", "SKIP")
	}
	return req
}

func (c *rawClient) send(req *http.Request) result {
	c.t.Helper()
	hc := http.DefaultClient
	if c.proxy {
		proxy, err := url.Parse(c.url)
		if err != nil {
			c.t.Fatal(err)
		}
		hc = &http.Client{Transport: &http.Transport{Proxy: http.ProxyURL(proxy)}}
	}
	resp, err := hc.Do(req)
	if err != nil {
		c.t.Fatalf("send: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		c.t.Fatalf("HTTP %d: %s", resp.StatusCode, b)
	}
	var env struct {
		Response map[string]any
	}
	if err := json.Unmarshal(b, &env); err != nil {
		c.t.Fatalf("decode %s: %v", b, err)
	}
	if env.Response["RequestId"] == "" || env.Response["RequestId"] == nil {
		c.t.Errorf("answer without RequestId: %s", b)
	}
	r := result{Body: env.Response}
	if e, ok := env.Response["Error"].(map[string]any); ok {
		r.Code, _ = e["Code"].(string)
		r.Msg, _ = e["Message"].(string)
	}
	return r
}

// ok fails the test unless the answer is a success, and returns it.
func (c *rawClient) ok(action string, params any) map[string]any {
	c.t.Helper()
	r := c.do(action, params)
	if r.Code != "" {
		c.t.Fatalf("%s: unexpected error %s: %s", action, r.Code, r.Msg)
	}
	return r.Body
}

// code returns the error code of an answer ("" for success).
func (c *rawClient) code(action string, params any) string {
	c.t.Helper()
	return c.do(action, params).Code
}

type obj = map[string]any
