package tcsim

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/dbplan/dbplan/internal/apischema"
	"github.com/dbplan/dbplan/internal/clock"
)

// idPattern finds the cloud ids the documented examples use.
var idPattern = regexp.MustCompile(`\b(postgres|pgro|pgrogrp|libradb|cynosdbmysql)-[0-9a-z]+\b`)

// exampleWorld is a world holding every instance, read-only group and
// LibraDB cluster the documented examples of the served actions name, so
// the examples exercise the handlers and not only "not found".
func exampleWorld(t *testing.T, schema *apischema.Schema, served []action) *World {
	t.Helper()
	var instances, groups, clusters []string
	seen := map[string]bool{}
	for _, a := range served {
		for _, ex := range schema.Examples(a.service, a.name) {
			for _, id := range idPattern.FindAllString(ex.Request, -1) {
				if seen[id] {
					continue
				}
				seen[id] = true
				switch {
				case strings.HasPrefix(id, "postgres-"):
					instances = append(instances, fmt.Sprintf(`{"id": %q, "region": "ap-guangzhou", "support_ipv6": true, "vpc_id": "vpc-ex", "subnet_id": "subnet-ex"}`, id))
				case strings.HasPrefix(id, "pgrogrp-"), strings.HasPrefix(id, "pgro-"):
					groups = append(groups, fmt.Sprintf(`{"id": %q, "master_instance_id": "postgres-exmaster", "vpc_id": "vpc-ex", "subnet_id": "subnet-ex"}`, id))
				case strings.HasPrefix(id, "libradb-"):
					clusters = append(clusters, fmt.Sprintf(`{"id": %q, "region": "ap-guangzhou"}`, id))
				}
			}
		}
	}
	instances = append(instances, `{"id": "postgres-exmaster", "region": "ap-guangzhou"}`)
	js := fmt.Sprintf(`{"credentials": [{"secret_id": %q, "secret_key": %q}], "instances": [%s], "ro_groups": [%s], "libradb_clusters": [%s]}`,
		testID1, testKey1, strings.Join(instances, ","), strings.Join(groups, ","), strings.Join(clusters, ","))
	w, err := ParseWorld([]byte(js))
	if err != nil {
		t.Fatalf("ParseWorld: %v\n%s", err, js)
	}
	return w
}

// TestServesDocumentedExamples sends every documented example request of
// every served action and checks the answer against the published schema.
// An answer may be an API error (an account the example names may not
// exist), but never one that says the request itself is malformed: a
// documented request must be understood.
func TestServesDocumentedExamples(t *testing.T) {
	schema, err := apischema.Load()
	if err != nil {
		t.Fatal(err)
	}
	served := actionTable()
	clk := clock.NewFake(testStart)
	run := NewTestServer(t, exampleWorld(t, schema, served), Options{Clock: clk, RateScale: 1000})
	cl := &rawClient{t: t, url: run.URL, id: testID1, key: testKey1, clk: clk, region: "ap-guangzhou"}
	for _, a := range served {
		exs := schema.Examples(a.service, a.name)
		if !schema.HasAction(a.service, a.name) {
			t.Errorf("%s %s is served but not in the published schema", a.service, a.name)
			continue
		}
		for i, ex := range exs {
			t.Run(fmt.Sprintf("%s/%d", a.name, i), func(t *testing.T) {
				req := cl.signed(a.name, []byte(ex.Request))
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err := schema.CheckResponse(a.service, a.name, body); err != nil {
					t.Errorf("answer does not conform:\n%v\n%s", err, body)
				}
				var env struct {
					Response struct {
						Error *struct{ Code, Message string }
					}
				}
				_ = json.Unmarshal(body, &env)
				if e := env.Response.Error; e != nil && malformedRequestCode(e.Code) {
					t.Errorf("the documented request was refused as malformed: %s: %s\nrequest: %s", e.Code, e.Message, ex.Request)
				}
			})
		}
	}
}

// malformedRequestCode reports whether an error code says the request
// itself is malformed (rather than, say, naming an account that does not
// exist).
func malformedRequestCode(code string) bool {
	for _, p := range []string{"MissingParameter", "UnknownParameter", "InvalidParameter.", "UnsupportedOperation"} {
		if strings.HasPrefix(code, p) {
			return true
		}
	}
	return code == "InvalidParameter" || code == "InvalidAction" || code == "InvalidParameterValue"
}
