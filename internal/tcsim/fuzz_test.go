package tcsim

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/dbplan/dbplan/internal/clock"
)

// FuzzActions feeds arbitrary bodies to every action: each must answer
// (success or an API error), never panic.
//
//	go test -run '^$' -fuzz FuzzActions -fuzztime 30s ./internal/tcsim
func FuzzActions(f *testing.F) {
	seeds := []string{
		`null`, `{}`, `[]`, `{"Accounts":[null]}`, `{"Filters":[null]}`, `{"Filters":[{"Name":null,"Values":null}]}`,
		`{"DBInstanceId":"postgres-aaaa1111","UserName":"u","Password":"Passw0rd!x","Type":"normal"}`,
		`{"ClusterId":"libradb-aaaa0001","Accounts":[{"AccountName":"a","AccountPassword":"12345678","Host":"%"}]}`,
		`{"ReadOnlyGroupId":"pgrogrp-aaaa0001","VpcId":"v","SubnetId":"s","IsAssignVip":true,"Vip":"1.2.3.4"}`,
		`{"Limit":-9223372036854775808,"Offset":9223372036854775807}`, `{"PageSize":99,"PageNumber":92233720368547758}`,
		`{"DBInstanceId":"postgres-aaaa1111","Limit":100,"Offset":9223372036854775807}`,
	}
	acts := actionTable()
	for i := range acts {
		for _, s := range seeds {
			f.Add(uint8(i), []byte(s))
			f.Add(uint8(i+len(acts)*(1+i%8)), []byte(s)) // under a variant
		}
	}
	w := loadTestWorld(f)
	variants := append([]string{""}, PlausibleVariants()...)
	f.Fuzz(func(t *testing.T, idx uint8, body []byte) {
		// idx picks the action and, beyond the first len(acts) values, a
		// variant of the simulator's UNCONFIRMED choices.
		var v Variants
		if s := variants[int(idx)/len(acts)%len(variants)]; s != "" {
			if err := ParseVariant(s, &v); err != nil {
				t.Fatal(err)
			}
		}
		s, err := New(w, Options{Clock: clock.NewFake(time.Unix(1795376478, 0)), Variants: v})
		if err != nil {
			t.Fatal(err)
		}
		act := acts[int(idx)%len(acts)]
		region := "ap-guangzhou"
		who, _ := s.lookupPrincipal(s.w.Credentials[0].SecretID)
		resp, aerr := s.dispatch(act, authenticated{who: who}, region, body)
		if aerr == nil && resp == nil {
			t.Errorf("%s answered neither a response nor an error", act.name)
		}
	})
}

// FuzzParseWorld: any file either loads or gives an error, never a panic,
// and a loaded world serves.
func FuzzParseWorld(f *testing.F) {
	for _, p := range []string{"testdata/world.json", "demo_world.json"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"tasks":[{"id":5,"type":"OpenDBExtranetAccess","instance_id":"x"}],"next_task_id":6}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		w, err := ParseWorld(b)
		if err != nil {
			return
		}
		s, err := New(w, Options{Clock: clock.NewFake(time.Unix(1795376478, 0))})
		if err != nil {
			t.Fatalf("ParseWorld accepted a world New rejects: %v", err)
		}
		s.Snapshot()
	})
}

// FuzzAuthorization: any Authorization header parses or is rejected with
// AuthFailure.InvalidAuthorization.
func FuzzAuthorization(f *testing.F) {
	f.Add("TC3-HMAC-SHA256 Credential=AKIDexample/2026-11-22/postgres/tc3_request, SignedHeaders=content-type;host, Signature=" + strings.Repeat("a", 64))
	f.Add("TC3-HMAC-SHA256 Credential=/,=,")
	f.Fuzz(func(t *testing.T, v string) {
		if _, aerr := parseAuthorization(v); aerr != nil && aerr.Code != codeInvalidAuthorization {
			t.Errorf("code %s", aerr.Code)
		}
	})
}
