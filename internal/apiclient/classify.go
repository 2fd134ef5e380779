package apiclient

import (
	"errors"
	"strings"
)

// Class tells the executor what to do about a failed call.
type Class int

const (
	// Terminal: retrying cannot help (validation, auth, not found, allowlist,
	// unknown codes). The zero Class.
	Terminal Class = iota
	// Throttled: a rate limit answered; back off and retry.
	Throttled
	// Transient: a passing failure (internal error, network, HTTP 5xx);
	// retry with backoff, re-reading first if Ambiguous.
	Transient
	// Busy: the instance or group is locked by a running flow; wait for its
	// status to clear, then retry.
	Busy
	// AlreadyDone: the desired state already holds (account exists, CAM
	// already on/off, deleting an absent account); verify and adopt.
	AlreadyDone
)

// String returns the lowercase class name.
func (k Class) String() string {
	switch k {
	case Terminal:
		return "terminal"
	case Throttled:
		return "throttled"
	case Transient:
		return "transient"
	case Busy:
		return "busy"
	case AlreadyDone:
		return "already-done"
	}
	return "unknown"
}

// Hints returned by Hint.
const (
	hintAllowlist   = "the account's CAM feature needs the allowlist: ask Tencent Cloud support to enable CAM authentication for PostgreSQL accounts on this account"
	hintAuth        = "check the credentials (TENCENTCLOUD_SECRET_ID/KEY/SESSION_TOKEN or SECURITY_TOKEN, or the profile file) and that this machine's clock is correct"
	hintClock       = "the request timestamp was more than 5 minutes off: fix this machine's clock (NTP)"
	hintPermission  = "the CAM policy of these credentials does not allow this action: grant it (for example QcloudPostgreSQLFullAccess / QcloudCynosDBFullAccess or a policy naming the action)"
	hintValidation  = "the service rejected a value: fix it in the configuration"
	hintNotFound    = "the resource does not exist in this region: check the id and the region in the configuration"
	hintRegion      = "the action is not offered in this region: check the region in the configuration"
	hintEndpoint    = "the endpoint answered without a Tencent Cloud API response: check the endpoint (and any HTTP proxy)"
	hintUnsupported = "the instance does not support this (for example IPv6 or the kernel version): change the configuration"
	hintObject      = "an object a grant names does not exist on the instance, or its type is wrong: check the database, schema, table and object names in the grant block"
	hintNoAccount   = "the account does not exist on the instance (deleted since the plan?): plan again"
)

// rule is one row of the classification table. An empty action applies to
// every action; prefix rows match the code and every code below it.
type rule struct {
	code     string
	action   string
	prefix   bool
	class    Class
	notFound bool
	hint     string
}

// rules is THE classification table: the only place an error code's meaning
// is decided. Lookup order: exact code for the action, exact code for any
// action, longest prefix. Codes not listed are Terminal.
var rules = []rule{
	// Throttled.
	{code: "RequestLimitExceeded", class: Throttled},
	{code: "RequestLimitExceeded.", prefix: true, class: Throttled},
	{code: "LimitExceeded.RateLimitExceeded", class: Throttled},

	// Transient: internal errors and the seed pages' "try again later" codes.
	{code: "InternalError", class: Transient},
	{code: "InternalError.", prefix: true, class: Transient},
	{code: "InternalError.OperationNotSupport", class: Terminal, hint: hintUnsupported},
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
	{code: CodeNetwork, class: Transient},
	{code: CodeIO, class: Transient},
	{code: CodeParseJSON, class: Transient, hint: hintEndpoint},  // refined by status in Classify
	{code: CodeHTTPStatus, class: Transient, hint: hintEndpoint}, // refined by status in Classify

	// Busy: status locks held by a running flow.
	{code: "OperationDenied.InstanceStatusLimitOpError", class: Busy},
	{code: "OperationDenied.InstanceStatusLimitError", class: Busy},
	{code: "OperationDenied.InstanceStatusDeniedError", class: Busy},
	{code: "OperationDenied.ROGroupStatusError", class: Busy},
	{code: "ResourceUnavailable.InstanceLockFail", class: Busy},
	{code: "ResourceUnavailable.InstanceStatusAbnormal", class: Busy},
	{code: "ResourceUnavailable.InvalidInstanceStatus", class: Busy},

	// AlreadyDone, partly depending on the action.
	{code: "InvalidParameterValue.AccountExist", class: AlreadyDone},
	{code: "InvalidParameterValue.AccountAlreadyExistError", class: AlreadyDone},
	{code: "FailedOperation.CheckAccountCAMCloseError", action: "OpenAccountCAM", class: AlreadyDone},
	{code: "FailedOperation.CheckAccountCAMOpenError", action: "CloseAccountCAM", class: AlreadyDone},
	{code: "InvalidParameterValue.AccountNotExistError", action: "DeleteLibraDBClusterAccounts", class: AlreadyDone, notFound: true},
	{code: "InvalidParameterValue.AccountNotExistError", action: "DeleteAccount", class: AlreadyDone, notFound: true},
	{code: "InvalidParameterValue.AccountNotExist", action: "DeleteAccount", class: AlreadyDone, notFound: true},

	// Terminal, listed for IsNotFound and Hint.
	{code: "ResourceNotFound", prefix: true, notFound: true, hint: hintNotFound},
	{code: "ResourceNotFound.", prefix: true, notFound: true, hint: hintNotFound},
	{code: "InvalidParameterValue.InstanceNotExist", notFound: true, hint: hintNotFound},
	{code: "InvalidParameterValue.InstanceNotFound", notFound: true, hint: hintNotFound},
	{code: "FailedOperation.ROGroupNotFoundError", notFound: true, hint: hintNotFound},
	{code: "InvalidParameterValue.AccountNotExist", notFound: true, hint: hintNotFound},
	{code: "InvalidParameterValue.AccountNotExistError", notFound: true, hint: hintNotFound},
	{code: "InvalidParameter.VpcNotFoundError", notFound: true, hint: hintNotFound},
	// The privilege actions list no "account does not exist" code; the
	// simulator answers their account-name code (see tcsim's doc).
	{code: "InvalidParameterValue.InvalidAccountNameError", action: "DescribeAccountPrivileges", notFound: true, hint: hintNoAccount},
	{code: "InvalidParameterValue.InvalidAccountNameError", action: "ModifyAccountPrivileges", notFound: true, hint: hintNoAccount},
	{code: CodeUnknownDatabaseObject, hint: hintObject},
	{code: "OperationDenied.UserNotInWhiteListError", hint: hintAllowlist},
	{code: "AuthFailure", prefix: true, hint: hintAuth},
	{code: "AuthFailure.SignatureExpire", hint: hintClock},
	{code: "AuthFailure.UnauthorizedOperation", hint: hintPermission},
	{code: "UnauthorizedOperation", prefix: true, hint: hintPermission},
	{code: "OperationDenied.CamDeniedError", hint: hintPermission},
	{code: "FailedOperation.CamAuthFailed", hint: hintPermission},
	{code: "InvalidParameter", prefix: true, hint: hintValidation},
	{code: "InvalidParameterValue", prefix: true, hint: hintValidation},
	{code: "MissingParameter", prefix: true, hint: hintValidation},
	{code: "UnknownParameter", prefix: true, hint: hintValidation},
	{code: "InvalidParameterValue.UnsupportedRegionError", hint: hintRegion},
	{code: "UnsupportedRegion", prefix: true, hint: hintRegion},
	{code: "OperationDenied.InstanceIpv6NotSupportedError", hint: hintUnsupported},
	{code: "OperationDenied.KernelVersionError", hint: hintUnsupported},
	{code: "FailedOperation.NetworkNumLimitError", hint: "a read-only group keeps between 1 and 2 networks: change the configuration"},
}

// lookup finds the rule for code under action (nil when none matches).
func lookup(code, action string) *rule {
	var general, best *rule
	for i := range rules {
		r := &rules[i]
		switch {
		case r.prefix:
			if strings.HasPrefix(code, r.code) && (best == nil || len(r.code) > len(best.code)) &&
				(r.action == "" || r.action == action) {
				best = r
			}
		case r.code != code:
		case r.action == action && action != "":
			return r
		case r.action == "" && general == nil:
			general = r
		}
	}
	if general != nil {
		return general
	}
	return best
}

// asError extracts the *Error from err's chain.
func asError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Classify decides what a failed call means, from the error code (and the
// action, for codes whose meaning depends on it) only. nil and errors that
// are not *Error are Terminal, as are unknown codes. A non-API answer (no
// JSON error body) is classified by HTTP status: 429 Throttled, 5xx (or a
// garbled 200) Transient, other 4xx Terminal.
func Classify(err error) Class {
	e, ok := asError(err)
	if !ok {
		return Terminal
	}
	if e.Code == CodeHTTPStatus || e.Code == CodeParseJSON {
		switch {
		case e.HTTPStatus == 429:
			return Throttled
		case e.HTTPStatus >= 500 || e.HTTPStatus == 200 || e.HTTPStatus == 0:
			return Transient
		default:
			return Terminal // 4xx without an API answer: wrong endpoint or proxy
		}
	}
	if r := lookup(e.Code, e.Action); r != nil {
		return r.class
	}
	return Terminal
}

// CodeUnknownDatabaseObject is the code of DescribeAccountPrivileges and
// ModifyAccountPrivileges for an object the instance does not have.
const CodeUnknownDatabaseObject = "InvalidParameterValue.InvalidDatabaseObjectName"

// IsUnknownDatabaseObject reports whether err says a DatabaseObject of the
// request does not exist (or is not of the type named).
func IsUnknownDatabaseObject(err error) bool {
	e, ok := asError(err)
	return ok && e.Code == CodeUnknownDatabaseObject
}

// IsAccountNotFound reports whether err says the account a call names does
// not exist (as opposed to its instance or cluster).
func IsAccountNotFound(err error) bool {
	e, ok := asError(err)
	if !ok || !IsNotFound(err) {
		return false
	}
	switch e.Code {
	case "InvalidParameterValue.AccountNotExist", "InvalidParameterValue.AccountNotExistError",
		"InvalidParameterValue.InvalidAccountNameError":
		return true
	}
	return false
}

// IsNotFound reports whether err says an instance, RO group, cluster or
// account does not exist.
func IsNotFound(err error) bool {
	e, ok := asError(err)
	if !ok {
		return false
	}
	r := lookup(e.Code, e.Action)
	return r != nil && r.notFound
}

// Ambiguous reports whether the request may have been applied although no
// success arrived: the connection failed after the request was written
// (timeout, reset, EOF), the status was 5xx, the body was unreadable, or
// the service answered InternalError*. It is false when the request
// certainly was not applied: it was never written (dial refused, DNS), or
// the service refused it with any other code (auth, validation, busy …).
// Errors that are not *Error are treated as ambiguous; nil is not.
func Ambiguous(err error) bool {
	if err == nil {
		return false
	}
	e, ok := asError(err)
	if !ok {
		return true
	}
	switch e.Code {
	case CodeNetwork, CodeCanceled, CodeIO, CodeDecode, CodeClient:
		return e.Sent
	case CodeHTTPStatus, CodeParseJSON:
		return e.HTTPStatus >= 500 || e.HTTPStatus == 200 || e.HTTPStatus == 0
	}
	return e.Code == "InternalError" || strings.HasPrefix(e.Code, "InternalError.")
}

// Unreachable reports whether an attempt never reached the service: the
// connection could not be made (refused, no route, DNS failure, dial
// timeout), or nothing at all came back before the attempt's timeout. A
// reset or an EOF after the service accepted the request is not
// unreachable (the endpoint is up and dropped one connection), nor is any
// HTTP answer, nor an attempt cut off by the caller's context.
func Unreachable(err error) bool {
	e, ok := asError(err)
	if !ok || e.Code != CodeNetwork {
		return false
	}
	if !e.Sent {
		return true
	}
	var ne interface{ Timeout() bool }
	return errors.As(e.Err, &ne) && ne.Timeout() && e.HTTPStatus == 0
}

// Hint returns an actionable sentence for terminal errors with a known
// cause (allowlist, credentials, clock, permissions, validation, not
// found, region), and "" otherwise.
func Hint(err error) string {
	e, ok := asError(err)
	if !ok || Classify(err) != Terminal {
		return ""
	}
	if r := lookup(e.Code, e.Action); r != nil {
		return r.hint
	}
	return ""
}
