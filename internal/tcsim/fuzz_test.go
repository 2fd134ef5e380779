package tcsim

import (
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
		}
	}
	w := loadTestWorld(f)
	f.Fuzz(func(t *testing.T, idx uint8, body []byte) {
		s, err := New(w, Options{Clock: clock.NewFake(time.Unix(1795376478, 0))})
		if err != nil {
			t.Fatal(err)
		}
		act := acts[int(idx)%len(acts)]
		region := "ap-guangzhou"
		resp, aerr := s.dispatch(act, region, body)
		if aerr == nil && resp == nil {
			t.Errorf("%s answered neither a response nor an error", act.name)
		}
	})
}
