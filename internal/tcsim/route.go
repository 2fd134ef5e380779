package tcsim

import (
	"net"
	"strings"
)

// publicDomainSuffix ends the host of every public Tencent Cloud endpoint.
const publicDomainSuffix = "tencentcloudapi.com"

// hostProduct returns the product a request's Host names, as the service
// routes it: the first label of postgres.tencentcloudapi.com,
// cynosdb.intl.tencentcloudapi.com or postgres.ap-shanghai-fsi.… . It is
// "" when the Host names no product (an address, localhost, a proxy or a
// simulator name such as tcsim.internal), in which case the product comes
// from the credential scope.
func hostProduct(hostport string) string {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if net.ParseIP(strings.Trim(host, "[]")) != nil {
		return ""
	}
	first, rest, ok := strings.Cut(host, ".")
	if !ok || first == "" || rest == "" {
		return ""
	}
	switch first {
	case servicePostgres, serviceCynosdb, serviceSTS:
		return first
	}
	if host == publicDomainSuffix || strings.HasSuffix(host, "."+publicDomainSuffix) {
		return first
	}
	return ""
}

// routeProduct decides the product of a verified request: the one its
// Host names, which the credential scope must match (the service derives
// the signing key from the endpoint's product, so a request signed for
// cynosdb but sent to a postgres host does not verify), else the scope's
// (proxy-style requests and simulator addresses).
func routeProduct(hostport, scope string) (string, *apiError) {
	hp := hostProduct(hostport)
	if hp == "" || hp == scope {
		return scope, nil
	}
	return "", errf(codeSignatureFailure, "%s (The credential scope names the service %s, but %s is the %s endpoint.)",
		msgSignatureFailure, scope, hostport, hp)
}
