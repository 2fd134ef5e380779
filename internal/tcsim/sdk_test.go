package tcsim

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	sdkerrors "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
)

// sdkSend drives the simulator with the official SDK's generic client.
func sdkSend(t *testing.T, cred common.CredentialIface, endpoint, region, service, version, action string, params map[string]any) (map[string]any, error) {
	t.Helper()
	prof := profile.NewClientProfile()
	prof.HttpProfile.Scheme = "HTTP"
	prof.HttpProfile.Endpoint = endpoint
	prof.HttpProfile.ReqTimeout = 10
	client := common.NewCommonClient(cred, region, prof)
	req := tchttp.NewCommonRequest(service, version, action)
	if err := req.SetActionParameters(params); err != nil {
		t.Fatal(err)
	}
	resp := tchttp.NewCommonResponse()
	if err := client.Send(req, resp); err != nil {
		return nil, err
	}
	var env struct{ Response map[string]any }
	if err := json.Unmarshal(resp.GetBody(), &env); err != nil {
		t.Fatalf("decode %s: %v", resp.GetBody(), err)
	}
	return env.Response, nil
}

func sdkCode(err error) string {
	var e *sdkerrors.TencentCloudSDKError
	if errors.As(err, &e) {
		return e.GetCode()
	}
	return ""
}

func TestOfficialSDKClient(t *testing.T) {
	run := NewTestServer(t, loadTestWorld(t), Options{})
	cred := common.NewCredential(testID1, testKey1)
	ep := run.Endpoint()

	resp, err := sdkSend(t, cred, ep, "ap-guangzhou", "postgres", "2017-03-12", "CreateAccount", map[string]any{
		"DBInstanceId": "postgres-aaaa1111", "UserName": "sdk_user", "Password": "Sdk_passw0rd!", "Type": "normal", "Remark": "viaSDK",
	})
	if err != nil {
		t.Fatalf("CreateAccount via SDK: %v", err)
	}
	if resp["RequestId"] == "" {
		t.Errorf("no RequestId in %v", resp)
	}
	resp, err = sdkSend(t, cred, ep, "ap-guangzhou", "postgres", "2017-03-12", "DescribeAccounts", map[string]any{
		"DBInstanceId": "postgres-aaaa1111", "OrderBy": "name", "OrderByType": "asc",
	})
	if err != nil {
		t.Fatalf("DescribeAccounts via SDK: %v", err)
	}
	var names []string
	for _, d := range resp["Details"].([]any) {
		names = append(names, d.(map[string]any)["UserName"].(string))
	}
	if diff := cmp.Diff([]string{"app_rw", "pg_monitor_tencent", "root", "sdk_user"}, names); diff != "" {
		t.Errorf("DescribeAccounts names mismatch (-want +got):\n%s", diff)
	}

	_, err = sdkSend(t, cred, ep, "ap-guangzhou", "postgres", "2017-03-12", "CreateAccount", map[string]any{
		"DBInstanceId": "postgres-aaaa1111", "UserName": "sdk_user", "Password": "Sdk_passw0rd!", "Type": "normal",
	})
	if got := sdkCode(err); got != codeAccountExist {
		t.Errorf("second CreateAccount: code %q (%v), want %s", got, err, codeAccountExist)
	}

	resp, err = sdkSend(t, cred, ep, "ap-guangzhou", "cynosdb", "2019-01-07", "DescribeLibraDBClusterAccounts", map[string]any{
		"ClusterId": "libradb-aaaa0001",
	})
	if err != nil {
		t.Fatalf("DescribeLibraDBClusterAccounts via SDK: %v", err)
	}
	if resp["TotalCount"].(float64) != 1 {
		t.Errorf("LibraDB accounts = %v, want only root", resp)
	}

	// A temporary credential: the SDK sends X-TC-Token.
	_, err = sdkSend(t, common.NewTokenCredential(testID2, testKey2, "sts-token-2"), ep, "ap-guangzhou", "postgres", "2017-03-12", "DescribeDBInstances", map[string]any{})
	if err != nil {
		t.Errorf("token credential: %v", err)
	}
	_, err = sdkSend(t, common.NewTokenCredential(testID2, testKey2, "wrong"), ep, "ap-guangzhou", "postgres", "2017-03-12", "DescribeDBInstances", map[string]any{})
	if got := sdkCode(err); got != codeTokenFailure {
		t.Errorf("wrong token: code %q, want %s", got, codeTokenFailure)
	}
	_, err = sdkSend(t, common.NewCredential(testID1, "wrong-key"), ep, "ap-guangzhou", "postgres", "2017-03-12", "DescribeDBInstances", map[string]any{})
	if got := sdkCode(err); got != codeSignatureFailure {
		t.Errorf("wrong key: code %q, want %s", got, codeSignatureFailure)
	}
}

// TestOfficialSDKThroughProxy sends the SDK's request to the public host
// through an HTTP proxy that is the simulator: the simulator receives an
// absolute-form request line and Host postgres.tencentcloudapi.com.
func TestOfficialSDKThroughProxy(t *testing.T) {
	run := NewTestServer(t, loadTestWorld(t), Options{})
	prof := profile.NewClientProfile()
	prof.HttpProfile.Scheme = "HTTP"
	prof.HttpProfile.Proxy = run.URL
	prof.HttpProfile.ReqTimeout = 10
	client := common.NewCommonClient(common.NewCredential(testID1, testKey1), "ap-guangzhou", prof)
	req := tchttp.NewCommonRequest("postgres", "2017-03-12", "DescribeDBInstanceAttribute")
	if err := req.SetActionParameters(map[string]any{"DBInstanceId": inst}); err != nil {
		t.Fatal(err)
	}
	resp := tchttp.NewCommonResponse()
	if err := client.Send(req, resp); err != nil {
		t.Fatalf("SDK through proxy: %v", err)
	}
	if !strings.Contains(string(resp.GetBody()), `"DBInstanceId":"`+inst+`"`) {
		t.Errorf("answer: %s", resp.GetBody())
	}
}

// TestOfficialSDKPrivileges replays the documented ModifyAccountPrivileges
// and DescribeAccountPrivileges examples (postgres-examples.json) through
// the official SDK's generic client, on a world holding the objects the
// examples name.
func TestOfficialSDKPrivileges(t *testing.T) {
	w, err := ParseWorld([]byte(`{"instances":[{"id":"postgres-5cz25tr5","region":"ap-guangzhou",
		"accounts":[{"user_name":"without_per","privileges":[
			{"object_type":"schema","object_name":"user_schema","database_name":"user_database","privileges":["USAGE"]}]}],
		"databases":[{"name":"user_database","schemas":[{"name":"user_schema","tables":[{"name":"users"}]}]}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	run := NewTestServer(t, w, Options{})
	cred := common.NewCredential(DefaultSecretID, DefaultSecretKey)
	var modify map[string]any
	if err := json.Unmarshal([]byte(`{
		"DBInstanceId": "postgres-5cz25tr5",
		"UserName": "without_per",
		"ModifyPrivilegeSet": [
			{"DatabasePrivilege": {"Object": {"ObjectType": "schema", "ObjectName": "user_schema", "DatabaseName": "user_database"}, "PrivilegeSet": ["USAGE"]},
			 "ModifyType": "revokeObject", "IsCascade": false},
			{"DatabasePrivilege": {"Object": {"ObjectType": "schema", "ObjectName": "user_schema", "DatabaseName": "user_database"}, "PrivilegeSet": ["CREATE"]},
			 "ModifyType": "grantObject"},
			{"DatabasePrivilege": {"Object": {"ObjectType": "table", "ObjectName": "users", "DatabaseName": "user_database", "SchemaName": "user_schema"}, "PrivilegeSet": ["SELECT"]},
			 "ModifyType": "grantObject"},
			{"DatabasePrivilege": {"Object": {"ObjectType": "account", "ObjectName": "without_per"}, "PrivilegeSet": ["tencentDBSuper"]},
			 "ModifyType": "alterRole"}
		]}`), &modify); err != nil {
		t.Fatal(err)
	}
	if _, err := sdkSend(t, cred, run.Endpoint(), "ap-guangzhou", "postgres", "2017-03-12", "ModifyAccountPrivileges", modify); err != nil {
		t.Fatalf("ModifyAccountPrivileges via SDK: %v", err)
	}
	resp, err := sdkSend(t, cred, run.Endpoint(), "ap-guangzhou", "postgres", "2017-03-12", "DescribeAccountPrivileges", map[string]any{
		"DBInstanceId": "postgres-5cz25tr5", "UserName": "without_per",
		"DatabaseObjectSet": []map[string]any{
			{"ObjectType": "table", "ObjectName": "users", "DatabaseName": "user_database", "SchemaName": "user_schema"},
			{"ObjectType": "schema", "ObjectName": "user_schema", "DatabaseName": "user_database"},
			{"ObjectType": "account", "ObjectName": "without_per"},
		},
	})
	if err != nil {
		t.Fatalf("DescribeAccountPrivileges via SDK: %v", err)
	}
	want := map[string][]string{
		"table user_database.user_schema.users": {"SELECT"},
		"schema user_database.user_schema":      {"CREATE"},
		"account without_per":                   {"tencentDBSuper"},
	}
	if diff := cmp.Diff(want, privilegeSets(t, resp)); diff != "" {
		t.Errorf("privileges after the documented example mismatch (-want +got):\n%s", diff)
	}
}
