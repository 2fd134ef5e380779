package apischema

import (
	"reflect"
	"strings"
	"testing"
)

func mustLoad(t *testing.T) *Schema {
	t.Helper()
	s, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return s
}

// exampleGaps are the exact problems of published examples that are older
// than the schema they sit beside.
var exampleGaps = map[string]string{
	// PasswordUpdateTime was added later: its documentation says it is
	// only maintained since 2025-10-31, and the example predates it.
	"postgres DescribeAccounts": "DescribeAccounts.Response.Details[0].PasswordUpdateTime: required member missing",
}

// TestExamplesConform checks the checker against the published examples:
// the documented requests and responses of the actions dbplan uses must
// pass, or the checker (not the examples) is wrong.
func TestExamplesConform(t *testing.T) {
	s := mustLoad(t)
	used := map[string][]string{
		Postgres: {"CreateAccount", "DeleteAccount", "DescribeAccounts", "ModifyAccountRemark", "OpenAccountCAM",
			"CloseAccountCAM", "OpenDBExtranetAccess", "CloseDBExtranetAccess", "CreateReadOnlyGroupNetworkAccess",
			"DeleteReadOnlyGroupNetworkAccess", "DescribeDBInstances", "DescribeDBInstanceAttribute",
			"DescribeReadOnlyGroups", "DescribeTasks"},
		Cynosdb: {"CreateLibraDBClusterAccounts", "DeleteLibraDBClusterAccounts", "DescribeLibraDBClusterAccounts",
			"ModifyLibraDBClusterAccountDescription", "DescribeLibraDBClusters"},
	}
	for product, actions := range used {
		for _, action := range actions {
			exs := s.Examples(product, action)
			if len(exs) == 0 {
				t.Errorf("%s %s: no documented example", product, action)
			}
			for _, ex := range exs {
				if err := s.CheckRequest(product, action, []byte(ex.Request)); err != nil {
					t.Errorf("%s %s example %q request:\n%v", product, action, ex.Title, err)
				}
				if err := s.CheckResponse(product, action, []byte(ex.Response)); err != nil && err.Error() != exampleGaps[product+" "+action] {
					t.Errorf("%s %s example %q response:\n%v", product, action, ex.Title, err)
				}
			}
		}
	}
}

func TestCheckRequestFindsProblems(t *testing.T) {
	s := mustLoad(t)
	tests := map[string]struct {
		body string
		want []string // substrings of the error, one per problem
	}{
		"valid":            {body: `{"DBInstanceId":"postgres-1","UserName":"u","Type":"normal","OpenCam":true}`},
		"misspelled key":   {body: `{"DBInstanceID":"postgres-1","UserName":"u","Type":"normal"}`, want: []string{"DBInstanceID: not a documented member", "DBInstanceId: required member missing"}},
		"wrong type":       {body: `{"DBInstanceId":"postgres-1","UserName":"u","Type":"normal","OpenCam":"true"}`, want: []string{"OpenCam: want a bool"}},
		"null":             {body: `{"DBInstanceId":"postgres-1","UserName":"u","Type":"normal","Remark":null}`, want: []string{"Remark: null is not allowed"}},
		"not an object":    {body: `[1]`, want: []string{"want an object"}},
		"not json":         {body: `{`, want: []string{"not JSON"}},
		"missing required": {body: `{"UserName":"u","Type":"normal"}`, want: []string{"DBInstanceId: required member missing"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			err := s.CheckRequest(Postgres, "CreateAccount", []byte(tc.body))
			if len(tc.want) == 0 {
				if err != nil {
					t.Errorf("CheckRequest = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("CheckRequest = nil, want problems %q", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("CheckRequest error %q lacks %q", err, w)
				}
			}
		})
	}
	// Nested structures and integers.
	err := s.CheckRequest(Cynosdb, "CreateLibraDBClusterAccounts",
		[]byte(`{"ClusterId":"libradb-1","Accounts":[{"AccountName":"a","AccountPassword":"p","Host":"%","MaxUserConnections":1.5,"Bogus":1}]}`))
	for _, w := range []string{"Accounts[0].MaxUserConnections: want an integer", "Accounts[0].Bogus: not a documented member"} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("nested CheckRequest error %v lacks %q", err, w)
		}
	}
}

func TestCheckResponseFindsProblems(t *testing.T) {
	s := mustLoad(t)
	ok := `{"Response":{"TotalCount":1,"Details":[{"DBInstanceId":"postgres-1","UserName":"u","Remark":"","Status":2,"CreateTime":"2026-01-01 00:00:00","UpdateTime":"2026-01-01 00:00:00","PasswordUpdateTime":"0000-00-00 00:00:00"}],"RequestId":"r"}}`
	if err := s.CheckResponse(Postgres, "DescribeAccounts", []byte(ok)); err != nil {
		t.Errorf("valid response: %v", err)
	}
	bad := `{"Response":{"TotalCount":"1","Details":[{"DBInstanceId":"postgres-1","UserName":"u","Status":2,"CreateTime":"x","UpdateTime":"x","PasswordUpdateTime":"x","OpenCAM":true}],"RequestId":"r"}}`
	err := s.CheckResponse(Postgres, "DescribeAccounts", []byte(bad))
	for _, w := range []string{"TotalCount: want an integer", "Details[0].Remark: required member missing", "Details[0].OpenCAM: not a documented member"} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("CheckResponse error %v lacks %q", err, w)
		}
	}
	if err := s.CheckResponse(Postgres, "DescribeAccounts", []byte(`{"Response":{"Error":{"Code":"InvalidParameter","Message":"m"},"RequestId":"r"}}`)); err != nil {
		t.Errorf("error envelope: %v", err)
	}
	if err := s.CheckResponse(Postgres, "DescribeAccounts", []byte(`{"Response":{"Error":{"Code":"InvalidParameter"},"RequestId":"r"}}`)); err == nil {
		t.Error("error envelope without Message passed")
	}
	if err := s.CheckResponse(Postgres, "NoSuchAction", []byte(ok)); err == nil {
		t.Error("unknown action passed")
	}
}

func TestCheckType(t *testing.T) {
	s := mustLoad(t)
	type account struct {
		UserName string
		Status   int64
		OpenCam  *bool
	}
	type good struct {
		TotalCount int64
		Details    []account
		RequestId  string
	}
	if err := s.CheckType(Postgres, "DescribeAccounts", false, reflect.TypeOf(good{})); err != nil {
		t.Errorf("CheckType(good) = %v", err)
	}
	type badAccount struct {
		UserName int64
		Cam      bool
	}
	type bad struct {
		Total   int64 `json:"TotalCount"`
		Details []badAccount
		Extra   string
	}
	err := s.CheckType(Postgres, "DescribeAccounts", false, reflect.TypeOf(bad{}))
	for _, w := range []string{"Details.UserName: documented as string", "Details.Cam: not a documented member", "Extra: not a documented member"} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("CheckType error %v lacks %q", err, w)
		}
	}
}

func TestErrors(t *testing.T) {
	s := mustLoad(t)
	codes := s.Errors(Postgres, "CreateAccount")
	if len(codes) == 0 {
		t.Fatal("no error codes for CreateAccount")
	}
	for _, c := range codes {
		if c == "" || strings.ContainsAny(c, " \t") {
			t.Errorf("odd code %q", c)
		}
	}
}
