package apiclient

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
)

// fakeCVM is a CVM role provider that answers at once, or blocks until the
// test ends when block is set.
type fakeCVM struct {
	cred  common.CredentialIface
	err   error
	block chan struct{}
	calls int
}

func (f *fakeCVM) GetCredential() (common.CredentialIface, error) {
	f.calls++
	if f.block != nil {
		<-f.block
	}
	return f.cred, f.err
}

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestResolveCredential(t *testing.T) {
	profile := writeFile(t, "credentials", "# comment\n[other]\nsecret_id = wrong\n[default]\n; comment\nsecret_id = AKIDfile\nsecret_key = filekey\n")
	home := t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, ".tencentcloud"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, ".tencentcloud", "credentials"), []byte("[default]\nsecret_id=AKIDhome\nsecret_key=homekey\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	incomplete := writeFile(t, "credentials", "[default]\nsecret_id = AKIDfile\n")
	cvmCred := common.NewTokenCredential("AKIDcvm", "cvmkey", "cvmtoken")

	type want struct{ ID, Key, Token string }
	tests := []struct {
		name    string
		env     map[string]string
		cvm     *fakeCVM
		want    want
		wantErr string // substring of the error
	}{
		{
			name: "environment",
			env:  map[string]string{EnvSecretID: "AKIDenv", EnvSecretKey: "envkey", EnvCredentialsFile: profile},
			want: want{"AKIDenv", "envkey", ""},
		},
		{
			name: "environment with session token",
			env:  map[string]string{EnvSecretID: "AKIDenv", EnvSecretKey: "envkey", EnvSessionToken: "envtoken"},
			want: want{"AKIDenv", "envkey", "envtoken"},
		},
		{
			name: "environment with the Terraform provider's token name",
			env:  map[string]string{EnvSecretID: "AKIDenv", EnvSecretKey: "envkey", EnvSecurityToken: "tftoken"},
			want: want{"AKIDenv", "envkey", "tftoken"},
		},
		{
			name: "both token names, same token",
			env:  map[string]string{EnvSecretID: "AKIDenv", EnvSecretKey: "envkey", EnvSessionToken: "tok", EnvSecurityToken: "tok"},
			want: want{"AKIDenv", "envkey", "tok"},
		},
		{
			name:    "both token names, different tokens",
			env:     map[string]string{EnvSecretID: "AKIDenv", EnvSecretKey: "envkey", EnvSessionToken: "tok1", EnvSecurityToken: "tok2"},
			wantErr: EnvSessionToken + " and " + EnvSecurityToken + " are both set, to different tokens",
		},
		{
			name:    "Terraform token name without keys",
			env:     map[string]string{EnvSecurityToken: "tftoken"},
			wantErr: EnvSecretID + " and " + EnvSecretKey + " must both be set",
		},
		{
			name:    "id without key",
			env:     map[string]string{EnvSecretID: "AKIDenv", EnvCredentialsFile: profile},
			wantErr: EnvSecretKey + " must both be set",
		},
		{
			name:    "token without keys",
			env:     map[string]string{EnvSessionToken: "envtoken"},
			wantErr: EnvSecretID + " and " + EnvSecretKey + " must both be set",
		},
		{
			name: "profile file named by the environment",
			env:  map[string]string{EnvCredentialsFile: profile, "HOME": home},
			want: want{"AKIDfile", "filekey", ""},
		},
		{
			name: "profile file in HOME",
			env:  map[string]string{"HOME": home},
			want: want{"AKIDhome", "homekey", ""},
		},
		{
			name:    "named profile file missing",
			env:     map[string]string{EnvCredentialsFile: filepath.Join(home, "nope")},
			wantErr: "reading credentials file",
		},
		{
			name:    "profile file without key",
			env:     map[string]string{EnvCredentialsFile: incomplete},
			wantErr: "needs both secret_id and secret_key",
		},
		{
			name: "CVM role",
			env:  map[string]string{"HOME": t.TempDir()},
			cvm:  &fakeCVM{cred: cvmCred},
			want: want{"AKIDcvm", "cvmkey", "cvmtoken"},
		},
		{
			name:    "nothing anywhere",
			env:     map[string]string{"HOME": t.TempDir()},
			cvm:     &fakeCVM{err: errors.New("no role bound")},
			wantErr: "no Tencent Cloud credentials found (CVM role: no role bound): set " + EnvSecretID,
		},
		{
			name:    "metadata never answers",
			env:     map[string]string{},
			cvm:     &fakeCVM{block: make(chan struct{})},
			wantErr: "instance metadata did not answer within",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cvm := tt.cvm
			if cvm == nil {
				cvm = &fakeCVM{err: errors.New("not on a CVM")}
			}
			if cvm.block != nil {
				defer close(cvm.block)
			}
			// Only the case whose metadata never answers waits for the
			// timeout; the others get one long enough never to expire on
			// a loaded machine (a 1 ms bound made the CVM-role case flaky).
			timeout := time.Minute
			if cvm.block != nil {
				timeout = time.Millisecond
			}
			cred, err := resolveCredential(envOf(tt.env), cvm, timeout)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			id, key, token := cred.GetCredential()
			if diff := cmp.Diff(tt.want, want{id, key, token}); diff != "" {
				t.Errorf("credential mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestNewUsesGetenv: without a Credential, New resolves through
// Config.Getenv, and the session token goes out as X-TC-Token.
func TestNewUsesGetenv(t *testing.T) {
	f := newFakeAPI(t, func(seen) (int, string) { return 200, okBody("") })
	c := f.client(t, func(cfg *Config) {
		cfg.Credential = nil
		cfg.Getenv = envOf(map[string]string{EnvSecretID: "AKIDenv", EnvSecretKey: "envkey", EnvSessionToken: "envtoken"})
	})
	if _, err := c.DeleteAccount(t.Context(), DeleteAccountRequest{"postgres-1", "u"}); err != nil {
		t.Fatal(err)
	}
	r := f.requests()[0]
	if got := r.Header.Get("X-TC-Token"); got != "envtoken" {
		t.Errorf("X-TC-Token = %q, want envtoken", got)
	}
	if !strings.Contains(r.Header.Get("Authorization"), "Credential=AKIDenv/") {
		t.Errorf("Authorization %q not signed by AKIDenv", r.Header.Get("Authorization"))
	}
}
