package apiclient

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
)

// Environment variables read by ResolveCredential.
const (
	EnvSecretID     = "TENCENTCLOUD_SECRET_ID"
	EnvSecretKey    = "TENCENTCLOUD_SECRET_KEY"
	EnvSessionToken = "TENCENTCLOUD_SESSION_TOKEN"
	// EnvSecurityToken is the Terraform tencentcloud provider's (and
	// tccli's) name for the same token; either may be set.
	EnvSecurityToken   = "TENCENTCLOUD_SECURITY_TOKEN"
	EnvCredentialsFile = "TENCENTCLOUD_CREDENTIALS_FILE"
)

// cvmRoleTimeout bounds the metadata lookup of the CVM role provider, whose
// HTTP client has no timeout of its own.
const cvmRoleTimeout = 3 * time.Second

// howToSetCredentials is the advice every credential error ends with.
const howToSetCredentials = "set " + EnvSecretID + " and " + EnvSecretKey +
	" (plus " + EnvSessionToken + " for temporary keys), or put secret_id and secret_key in the [default] section of ~/.tencentcloud/credentials (or the file named by " +
	EnvCredentialsFile + "), or run on a CVM with a bound CAM role"

// ResolveCredential finds credentials the way the SDK's default provider
// chain does, reading variables through getenv: the environment
// (TENCENTCLOUD_SECRET_ID/KEY, plus TENCENTCLOUD_SESSION_TOKEN, which the
// SDK ignores, or TENCENTCLOUD_SECURITY_TOKEN, the Terraform provider's
// name, for temporary keys), then the profile file
// (TENCENTCLOUD_CREDENTIALS_FILE or ~/.tencentcloud/credentials, section
// [default], keys secret_id and secret_key), then the CVM role from instance
// metadata (given 3 s). A half-set environment or an unreadable profile
// file is an error, not a fall-through. Errors name what to set.
func ResolveCredential(getenv func(string) string) (common.CredentialIface, error) {
	return resolveCredential(getenv, common.DefaultCvmRoleProvider(), cvmRoleTimeout)
}

func resolveCredential(getenv func(string) string, cvm common.Provider, cvmTimeout time.Duration) (common.CredentialIface, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	if cred, err := envCredential(getenv); cred != nil || err != nil {
		return cred, err
	}
	if cred, err := profileCredential(getenv); cred != nil || err != nil {
		return cred, err
	}
	cred, err := cvmCredential(cvm, cvmTimeout)
	if err != nil {
		return nil, fmt.Errorf("no Tencent Cloud credentials found (CVM role: %v): %s", err, howToSetCredentials)
	}
	return cred, nil
}

// envCredential returns nil, nil when none of the variables is set.
func envCredential(getenv func(string) string) (common.CredentialIface, error) {
	id, key := getenv(EnvSecretID), getenv(EnvSecretKey)
	token, err := envToken(getenv)
	if err != nil {
		return nil, err
	}
	switch {
	case id == "" && key == "" && token == "":
		return nil, nil
	case id == "" || key == "":
		return nil, fmt.Errorf("incomplete credentials in the environment: %s and %s must both be set (%s only adds the token of temporary keys)",
			EnvSecretID, EnvSecretKey, EnvSessionToken)
	case token != "":
		return common.NewTokenCredential(id, key, token), nil
	default:
		return common.NewCredential(id, key), nil
	}
}

// envToken is the session token of temporary keys from either of its
// variable names; two different values are an error rather than a guess.
func envToken(getenv func(string) string) (string, error) {
	session, security := getenv(EnvSessionToken), getenv(EnvSecurityToken)
	if session != "" && security != "" && session != security {
		return "", fmt.Errorf("%s and %s are both set, to different tokens: unset one of them", EnvSessionToken, EnvSecurityToken)
	}
	if session != "" {
		return session, nil
	}
	return security, nil
}

// profileCredential returns nil, nil when no profile file exists.
func profileCredential(getenv func(string) string) (common.CredentialIface, error) {
	path := getenv(EnvCredentialsFile)
	explicit := path != ""
	if !explicit {
		home := getenv("HOME")
		if runtime.GOOS == "windows" {
			home = getenv("USERPROFILE")
		}
		if home == "" {
			return nil, nil
		}
		path = filepath.Join(home, ".tencentcloud", "credentials")
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && !explicit {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading credentials file: %v; fix the file or %s", err, howToSetCredentials)
	}
	sec := iniSection(data, "default")
	id, key := sec["secret_id"], sec["secret_key"]
	if id == "" || key == "" {
		return nil, fmt.Errorf("credentials file %s: section [default] needs both secret_id and secret_key", path)
	}
	return common.NewCredential(id, key), nil
}

// iniSection returns the key/value pairs of one section of an INI file,
// ignoring blank lines and lines starting with # or ;, as the SDK does.
func iniSection(data []byte, name string) map[string]string {
	out := map[string]string{}
	in := false
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || line[0] == '#' || line[0] == ';':
		case line[0] == '[' && strings.HasSuffix(line, "]"):
			in = strings.TrimSpace(line[1:len(line)-1]) == name
		case in:
			k, v, ok := strings.Cut(line, "=")
			if ok {
				out[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
		}
	}
	return out
}

// cvmCredential asks the CVM role provider, giving up after timeout: the
// SDK provider uses http.Get without a deadline.
func cvmCredential(p common.Provider, timeout time.Duration) (common.CredentialIface, error) {
	type result struct {
		cred common.CredentialIface
		err  error
	}
	ch := make(chan result, 1)
	go func() {
		c, err := p.GetCredential()
		ch <- result{c, err}
	}()
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case r := <-ch:
		if r.err == nil && (r.cred == nil || r.cred.GetSecretId() == "") {
			r.err = errors.New("metadata returned no key")
		}
		return r.cred, r.err
	case <-t.C:
		return nil, fmt.Errorf("instance metadata did not answer within %v", timeout)
	}
}

// accountKey derives a stable, non-secret key from a SecretId.
func accountKey(cred common.CredentialIface) string {
	sum := sha256.Sum256([]byte(cred.GetSecretId()))
	return "cred-" + hex.EncodeToString(sum[:8])
}

// Environment variables of named profiles.
const (
	// EnvProfile names the profile of providers that set none.
	EnvProfile = "TENCENTCLOUD_PROFILE"
	// EnvSharedCredentialsDir is the directory of tccli profiles
	// (NAME.credential), default ~/.tccli, as in the Terraform provider.
	EnvSharedCredentialsDir = "TENCENTCLOUD_SHARED_CREDENTIALS_DIR"
)

// ProfileCredential reads the keys of a named profile: the section [name]
// of the credentials file (TENCENTCLOUD_CREDENTIALS_FILE or
// ~/.tencentcloud/credentials; keys secret_id, secret_key and, for
// temporary keys, token), else the tccli profile NAME.credential in
// TENCENTCLOUD_SHARED_CREDENTIALS_DIR or ~/.tccli (JSON keys secretId,
// secretKey, token), which is what the Terraform provider's profile
// reads. The error of an unknown profile lists the sections there are.
//
// The SDK's providers are not used here: its ProfileProvider reads only
// [default], and its TccliProfileProvider reads $HOME directly, without
// the directory override.
func ProfileCredential(getenv func(string) string, name string) (common.CredentialIface, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	home := getenv("HOME")
	if runtime.GOOS == "windows" {
		home = getenv("USERPROFILE")
	}
	iniPath := getenv(EnvCredentialsFile)
	if iniPath == "" && home != "" {
		iniPath = filepath.Join(home, ".tencentcloud", "credentials")
	}
	var sections []string
	if iniPath != "" {
		data, err := os.ReadFile(iniPath)
		switch {
		case err == nil:
			sections = iniSections(data)
			if slices.Contains(sections, name) {
				sec := iniSection(data, name)
				id, key := sec["secret_id"], sec["secret_key"]
				if id == "" || key == "" {
					return nil, fmt.Errorf("profile %q in %s needs both secret_id and secret_key", name, iniPath)
				}
				if sec["token"] != "" {
					return common.NewTokenCredential(id, key, sec["token"]), nil
				}
				return common.NewCredential(id, key), nil
			}
		case !errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("profile %q: reading %s: %v", name, iniPath, err)
		}
	}
	dir := getenv(EnvSharedCredentialsDir)
	if dir == "" && home != "" {
		dir = filepath.Join(home, ".tccli")
	}
	tccliPath := filepath.Join(dir, name+".credential")
	data, err := os.ReadFile(tccliPath)
	if err == nil {
		var c struct{ SecretId, SecretKey, Token string }
		if err := json.Unmarshal(data, &c); err != nil || c.SecretId == "" || c.SecretKey == "" {
			return nil, fmt.Errorf("profile %q: %s must be JSON with secretId and secretKey", name, tccliPath)
		}
		if c.Token != "" {
			return common.NewTokenCredential(c.SecretId, c.SecretKey, c.Token), nil
		}
		return common.NewCredential(c.SecretId, c.SecretKey), nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("profile %q: reading %s: %v", name, tccliPath, err)
	}
	have := "it does not exist"
	if sections != nil {
		have = "its sections: " + strings.Join(sections, ", ")
		if len(sections) == 0 {
			have = "it has no sections"
		}
	}
	return nil, fmt.Errorf("profile %q not found: no [%s] section in %s (%s) and no %s", name, name, iniPath, have, tccliPath)
}

// iniSections lists the section names of an INI file in order.
func iniSections(data []byte) []string {
	out := []string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			out = append(out, strings.TrimSpace(line[1:len(line)-1]))
		}
	}
	return out
}
