package apiclient

import (
	"context"
	"errors"
	"fmt"
	"strings"

	tcerr "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
)

// Client-side error codes. API errors carry the service's own code; failures
// that never produced an API answer carry one of these (the first five are
// the SDK's own codes).
const (
	// CodeNetwork: the HTTP exchange failed (dial, reset, timeout, EOF).
	CodeNetwork = "ClientError.NetworkError"
	// CodeHTTPStatus: a non-200 status whose body held no API error.
	CodeHTTPStatus = "ClientError.HttpStatusCodeError"
	// CodeIO: the response body could not be read.
	CodeIO = "ClientError.IOError"
	// CodeParseJSON: the response body was not JSON.
	CodeParseJSON = "ClientError.ParseJsonError"
	// CodeCredential: the credential could not be used.
	CodeCredential = "ClientError.CredentialError"
	// CodeDecode: a success body did not match the documented response.
	CodeDecode = "ClientError.DecodeError"
	// CodeEncode: the request could not be encoded (a programming error).
	CodeEncode = "ClientError.EncodeError"
	// CodeCanceled: the caller's context ended before an answer arrived.
	CodeCanceled = "ClientError.Canceled"
	// CodeClientPagination: a paginating helper gave up on an endless listing.
	CodeClientPagination = "ClientError.Pagination"
	// CodeClient: any other client-side failure.
	CodeClient = "ClientError"
)

// Error is the one error type of every call. Code is the API error code
// (for example "OperationDenied.InstanceStatusLimitOpError") or one of the
// Code* client codes. Error() never contains passwords, keys or tokens:
// Message is scrubbed of the secrets of the request and the credential, and
// response bodies are never copied into it. Err is the wrapped cause (the
// network error, context error …), nil for API errors.
type Error struct {
	Action     string
	Code       string
	Message    string
	RequestID  string
	HTTPStatus int
	Err        error
	// Sent is false only when the request certainly never reached the
	// service (the dial failed, the context ended before sending). For
	// client-side codes (network, canceled, I/O, decode) it decides
	// Ambiguous; fakes in other packages' tests set it to simulate a
	// response lost after sending.
	Sent bool
}

// Error formats "Action: Code: Message (RequestId …)", leaving out the
// parts that are empty (never a dangling ": ").
func (e *Error) Error() string {
	var parts []string
	for _, p := range []string{e.Action, e.Code, e.Message} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		parts = append(parts, "API error")
	}
	var b strings.Builder
	b.WriteString(strings.Join(parts, ": "))
	if e.RequestID != "" {
		b.WriteString(" (RequestId ")
		b.WriteString(e.RequestID)
		b.WriteString(")")
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// fromSDK converts whatever the SDK's Send returned into an *Error. parent is
// the caller's context (to tell cancellation from the attempt's own
// timeout); at is what the transport observed; scrub lists secrets that must
// not appear in the message.
func fromSDK(parent context.Context, action string, err error, at *attempt, scrub []string) *Error {
	e := &Error{Action: action, HTTPStatus: at.statusCode(), Sent: at.maybeSent()}
	var se *tcerr.TencentCloudSDKError
	if !errors.As(err, &se) {
		e.Code, e.Message, e.Err = CodeClient, scrubText(err.Error(), scrub), err
		return withCancel(parent, e)
	}
	e.Code, e.RequestID = se.Code, se.RequestId
	switch se.Code {
	case CodeNetwork:
		e.Err = se.Unwrap()
		if e.Err != nil {
			e.Message = scrubText(e.Err.Error(), scrub)
		}
		e = withCancel(parent, e)
	case CodeHTTPStatus:
		// The SDK message embeds the whole body; keep only the status.
		e.Message = fmt.Sprintf("http status %d with no API error in the body", e.HTTPStatus)
		e.Sent = true
	case CodeIO:
		e.Message = "reading the response body failed"
		e.Sent = true
		e = withCancel(parent, e)
	case CodeParseJSON:
		e.Message = fmt.Sprintf("response body (http status %d) is not the API's JSON", e.HTTPStatus)
		e.Sent = true
	default:
		// An API answer (or another SDK client code): the message is the
		// service's text, kept for humans, scrubbed just in case.
		e.Message = scrubText(se.Message, scrub)
		if !strings.HasPrefix(se.Code, "ClientError") {
			e.Sent = true
		}
	}
	return e
}

// withCancel recodes a failure caused by the caller's context ending.
func withCancel(parent context.Context, e *Error) *Error {
	if cerr := parent.Err(); cerr != nil {
		e.Code = CodeCanceled
		e.Message = cerr.Error()
		e.Err = errors.Join(cerr, e.Err)
	}
	return e
}

// scrubText replaces every occurrence of each secret with the redaction
// marker. Secrets shorter than 4 bytes are ignored (too likely to match
// innocent text and too short to matter).
func scrubText(s string, secrets []string) string {
	for _, sec := range secrets {
		if len(sec) >= 4 {
			s = strings.ReplaceAll(s, sec, redacted)
		}
	}
	return s
}
