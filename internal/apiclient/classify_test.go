package apiclient

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// classRow is one expectation: an error (code under an action) and what
// Classify, IsNotFound, Ambiguous and Hint say about it.
type classRow struct {
	code, action string
	class        Class
	notFound     bool
	ambiguous    bool
	hint         string
}

// classRows has at least one row per entry of the rules table (checked by
// TestEveryRuleHasARow) plus rows for codes absent from it.
var classRows = []classRow{
	// Throttled.
	{code: "RequestLimitExceeded", class: Throttled},
	{code: "RequestLimitExceeded.UinLimitExceeded", class: Throttled},
	{code: "RequestLimitExceeded.IPLimitExceeded", class: Throttled},
	{code: "RequestLimitExceeded.GlobalRegionUinLimitExceeded", class: Throttled},
	{code: "LimitExceeded.RateLimitExceeded", class: Throttled},
	// Transient.
	{code: "InternalError", class: Transient, ambiguous: true},
	{code: "InternalError.SystemError", class: Transient, ambiguous: true},
	{code: "InternalError.FlowError", class: Transient, ambiguous: true},
	{code: "InternalError.OperationNotSupport", class: Terminal, ambiguous: true, hint: hintUnsupported},
	{code: "ServiceUnavailable", class: Transient},
	{code: "FlowError", class: Transient},
	{code: "FailedOperation.CamSigAndAuthError", class: Transient},
	{code: "FailedOperation.DatabaseAccessError", class: Transient},
	{code: "FailedOperation.FailedOperationError", class: Transient},
	{code: "FailedOperation.FlowCreateError", class: Transient},
	{code: "FailedOperation.GetVpcInfoError", class: Transient},
	{code: "FailedOperation.GetSubnetError", class: Transient},
	{code: "FailedOperation.OperationFailedError", class: Transient},
	{code: "FailedOperation.InstanceQueryError", class: Transient},
	{code: CodeNetwork, class: Transient, ambiguous: true},
	{code: CodeIO, class: Transient, ambiguous: true},
	{code: CodeParseJSON, class: Transient, ambiguous: true},
	{code: CodeHTTPStatus, class: Transient, ambiguous: true},
	// Busy.
	{code: "OperationDenied.InstanceStatusLimitOpError", class: Busy},
	{code: "OperationDenied.InstanceStatusLimitError", class: Busy},
	{code: "OperationDenied.InstanceStatusDeniedError", class: Busy},
	{code: "OperationDenied.ROGroupStatusError", class: Busy},
	{code: "ResourceUnavailable.InstanceLockFail", class: Busy},
	{code: "ResourceUnavailable.InstanceStatusAbnormal", class: Busy},
	{code: "ResourceUnavailable.InvalidInstanceStatus", class: Busy},
	// AlreadyDone, action-dependent where noted.
	{code: "InvalidParameterValue.AccountExist", action: "CreateAccount", class: AlreadyDone},
	{code: "InvalidParameterValue.AccountAlreadyExistError", action: "CreateLibraDBClusterAccounts", class: AlreadyDone},
	{code: "FailedOperation.CheckAccountCAMCloseError", action: "OpenAccountCAM", class: AlreadyDone},
	{code: "FailedOperation.CheckAccountCAMCloseError", action: "ResetAccountPassword", class: Terminal},
	{code: "FailedOperation.CheckAccountCAMOpenError", action: "CloseAccountCAM", class: AlreadyDone},
	{code: "FailedOperation.CheckAccountCAMOpenError", action: "OpenAccountCAM", class: Terminal},
	{code: "InvalidParameterValue.AccountNotExistError", action: "DeleteLibraDBClusterAccounts", class: AlreadyDone, notFound: true},
	{code: "InvalidParameterValue.AccountNotExistError", action: "DeleteAccount", class: AlreadyDone, notFound: true},
	{code: "InvalidParameterValue.AccountNotExist", action: "DeleteAccount", class: AlreadyDone, notFound: true},
	// Terminal with a meaning.
	{code: "ResourceNotFound", class: Terminal, notFound: true, hint: hintNotFound},
	{code: "ResourceNotFound.InstanceNotFoundError", class: Terminal, notFound: true, hint: hintNotFound},
	{code: "ResourceNotFound.ClusterNotFoundError", class: Terminal, notFound: true, hint: hintNotFound},
	{code: "InvalidParameterValue.InstanceNotExist", class: Terminal, notFound: true, hint: hintNotFound},
	{code: "InvalidParameterValue.InstanceNotFound", class: Terminal, notFound: true, hint: hintNotFound},
	{code: "FailedOperation.ROGroupNotFoundError", class: Terminal, notFound: true, hint: hintNotFound},
	{code: "InvalidParameterValue.AccountNotExist", action: "ModifyAccountRemark", class: Terminal, notFound: true, hint: hintNotFound},
	{code: "InvalidParameterValue.AccountNotExistError", action: "OpenAccountCAM", class: Terminal, notFound: true, hint: hintNotFound},
	{code: "InvalidParameter.VpcNotFoundError", class: Terminal, notFound: true, hint: hintNotFound},
	{code: "InvalidParameterValue.InvalidAccountNameError", action: "DescribeAccountPrivileges", class: Terminal, notFound: true, hint: hintNoAccount},
	{code: "InvalidParameterValue.InvalidAccountNameError", action: "ModifyAccountPrivileges", class: Terminal, notFound: true, hint: hintNoAccount},
	{code: "InvalidParameterValue.InvalidAccountNameError", action: "CreateAccount", class: Terminal, hint: hintValidation},
	{code: "InvalidParameterValue.InvalidDatabaseObjectName", action: "ModifyAccountPrivileges", class: Terminal, hint: hintObject},
	{code: "OperationDenied.UserNotInWhiteListError", action: "OpenAccountCAM", class: Terminal, hint: hintAllowlist},
	{code: "AuthFailure.SecretIdNotFound", class: Terminal, hint: hintAuth},
	{code: "AuthFailure.SignatureFailure", class: Terminal, hint: hintAuth},
	{code: "AuthFailure.SignatureExpire", class: Terminal, hint: hintClock},
	{code: "AuthFailure.UnauthorizedOperation", class: Terminal, hint: hintPermission},
	{code: "UnauthorizedOperation", class: Terminal, hint: hintPermission},
	{code: "UnauthorizedOperation.PermissionDenied", class: Terminal, hint: hintPermission},
	{code: "OperationDenied.CamDeniedError", class: Terminal, hint: hintPermission},
	{code: "FailedOperation.CamAuthFailed", class: Terminal, hint: hintPermission},
	{code: "InvalidParameter.ParameterCheckError", class: Terminal, hint: hintValidation},
	{code: "InvalidParameterValue.InvalidPasswordValueError", class: Terminal, hint: hintValidation},
	{code: "MissingParameter", class: Terminal, hint: hintValidation},
	{code: "UnknownParameter", class: Terminal, hint: hintValidation},
	{code: "InvalidParameterValue.UnsupportedRegionError", class: Terminal, hint: hintRegion},
	{code: "UnsupportedRegion", class: Terminal, hint: hintRegion},
	{code: "OperationDenied.InstanceIpv6NotSupportedError", class: Terminal, hint: hintUnsupported},
	{code: "OperationDenied.KernelVersionError", class: Terminal, hint: hintUnsupported},
	{code: "FailedOperation.NetworkNumLimitError", class: Terminal, hint: "a read-only group keeps between 1 and 2 networks: change the configuration"},
	// Not in the table: Terminal without a hint.
	{code: "FailedOperation", class: Terminal},
	{code: "Some.UnknownCode", class: Terminal},
	{code: "OperationDenied.InstanceAccessDeniedError", class: Terminal},
}

// rowErr builds the *Error a row describes. Client codes get the status
// that makes them transient (a 5xx) and count as sent.
func rowErr(r classRow) *Error {
	e := &Error{Action: r.action, Code: r.code, HTTPStatus: 200, Sent: true}
	if e.Action == "" {
		e.Action = "DescribeAccounts"
	}
	if r.code == CodeHTTPStatus || r.code == CodeParseJSON {
		e.HTTPStatus = 503
	}
	return e
}

func TestClassify(t *testing.T) {
	for _, r := range classRows {
		t.Run(r.code+"/"+r.action, func(t *testing.T) {
			err := fmt.Errorf("wrapped: %w", rowErr(r))
			got := classRow{code: r.code, action: r.action, class: Classify(err), notFound: IsNotFound(err), ambiguous: Ambiguous(err), hint: Hint(err)}
			if diff := cmp.Diff(r, got, cmp.AllowUnexported(classRow{})); diff != "" {
				t.Errorf("classification mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestEveryRuleHasARow keeps classRows and the rules table in step.
func TestEveryRuleHasARow(t *testing.T) {
	covered := map[*rule]bool{}
	for _, r := range classRows {
		e := rowErr(r)
		if got := lookup(e.Code, e.Action); got != nil {
			covered[got] = true
		}
	}
	for i := range rules {
		if !covered[&rules[i]] {
			t.Errorf("rules[%d] %+v has no test row in classRows", i, rules[i])
		}
	}
}

func TestClassifyByHTTPStatus(t *testing.T) {
	tests := []struct {
		code      string
		status    int
		class     Class
		ambiguous bool
		hint      string
	}{
		{CodeHTTPStatus, 429, Throttled, false, ""},
		{CodeHTTPStatus, 500, Transient, true, ""},
		{CodeHTTPStatus, 404, Terminal, false, hintEndpoint},
		{CodeParseJSON, 200, Transient, true, ""},
		{CodeParseJSON, 502, Transient, true, ""},
		{CodeParseJSON, 403, Terminal, false, hintEndpoint},
	}
	for _, tt := range tests {
		e := &Error{Action: "DeleteAccount", Code: tt.code, HTTPStatus: tt.status, Sent: true}
		got := []any{Classify(e), Ambiguous(e), Hint(e)}
		if diff := cmp.Diff([]any{tt.class, tt.ambiguous, tt.hint}, got); diff != "" {
			t.Errorf("%s %d: mismatch (-want +got):\n%s", tt.code, tt.status, diff)
		}
	}
}

func TestClassifyOtherErrors(t *testing.T) {
	plain := errors.New("not from apiclient")
	got := []any{Classify(nil), Ambiguous(nil), IsNotFound(nil), Hint(nil), Classify(plain), Ambiguous(plain), IsNotFound(plain), Hint(plain)}
	want := []any{Terminal, false, false, "", Terminal, true, false, ""}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

func TestClassString(t *testing.T) {
	got := []string{Terminal.String(), Throttled.String(), Transient.String(), Busy.String(), AlreadyDone.String(), Class(99).String()}
	want := []string{"terminal", "throttled", "transient", "busy", "already-done", "unknown"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Class.String mismatch (-want +got):\n%s", diff)
	}
}
