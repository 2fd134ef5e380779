package tcsim

import "fmt"

// apiError is an API 3.0 error answer: {"Response":{"Error":{"Code","Message"},"RequestId"}}.
type apiError struct {
	Code    string
	Message string
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

func errf(code, format string, args ...any) *apiError {
	return &apiError{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Error codes the simulator answers. Common codes come from Tencent's
// "Common Error Codes" table; the others from the per-action lists
// (reference §5, §6).
const (
	codeInvalidAuthorization = "AuthFailure.InvalidAuthorization"
	codeSecretIDNotFound     = "AuthFailure.SecretIdNotFound"
	codeSignatureExpire      = "AuthFailure.SignatureExpire"
	codeSignatureFailure     = "AuthFailure.SignatureFailure"
	codeTokenFailure         = "AuthFailure.TokenFailure"
	codeInternalError        = "InternalError"
	codeInvalidAction        = "InvalidAction"
	codeInvalidParameter     = "InvalidParameter"
	codeInvalidRequest       = "InvalidRequest"
	codeMissingParameter     = "MissingParameter"
	codeNoSuchProduct        = "NoSuchProduct"
	codeNoSuchVersion        = "NoSuchVersion"
	codeRequestLimit         = "RequestLimitExceeded"
	codeRequestSizeLimit     = "RequestSizeLimitExceeded"
	codeUnknownParameter     = "UnknownParameter"
	codeUnsupportedProtocol  = "UnsupportedProtocol"
	codeUnsupportedRegion    = "UnsupportedRegion"

	codeParameterCheck      = "InvalidParameter.ParameterCheckError"
	codeInvalidValue        = "InvalidParameterValue.InvalidParameterValueError"
	codeAccountExist        = "InvalidParameterValue.AccountExist"
	codeAccountNotExist     = "InvalidParameterValue.AccountNotExistError"
	codeAccountNameFormat   = "InvalidParameterValue.InvalidAccountNameFormatError"
	codePasswordLength      = "InvalidParameterValue.InvalidPasswordLengthError"
	codePasswordValue       = "InvalidParameterValue.InvalidPasswordValueError"
	codeParameterCharacter  = "InvalidParameterValue.ParameterCharacterError"
	codeParameterLength     = "InvalidParameterValue.ParameterLengthLimitError"
	codeInstanceNotFound    = "ResourceNotFound.InstanceNotFoundError"
	codeInstanceStatusOp    = "OperationDenied.InstanceStatusLimitOpError"
	codeIpv6NotSupported    = "OperationDenied.InstanceIpv6NotSupportedError"
	codeCAMAlreadyOpen      = "FailedOperation.CheckAccountCAMCloseError"
	codeCAMNotOpen          = "FailedOperation.CheckAccountCAMOpenError"
	codeROGroupNotFound     = "FailedOperation.ROGroupNotFoundError"
	codeROGroupStatus       = "OperationDenied.ROGroupStatusError"
	codeNetworkNumLimit     = "FailedOperation.NetworkNumLimitError"
	codeBasicNetworkDenied  = "FailedOperation.CreateBasicNetworkDeniedError"
	codeVpcNotFound         = "InvalidParameter.VpcNotFoundError"
	codeClusterNotFound     = "ResourceNotFound.ClusterNotFoundError"
	codeClusterStatus       = "OperationDenied.InstanceStatusDeniedError"
	codeIllegalPassword     = "InvalidParameterValue.IllegalPassword"
	codeInternalAccount     = "InvalidParameterValue.InternalAccount"
	codeIllegalOrderBy      = "InvalidParameterValue.IllegalOrderBy"
	codeLibraAccountMissing = "InvalidParameterValue.AccountNotExistError"
	codePreCheck            = "FailedOperation.PreCheckError"
)

// Messages for the auth codes, worded as on Tencent's "Responses" page.
const (
	msgSignatureFailure = "The provided credentials could not be validated. Please ensure your signature is correct."
	msgRequestLimit     = "Your current request times equals to `%g` in a second, which exceeds the frequency limit `%g` for a second. Please reduce the frequency of calls."
)
