package apiclient

import (
	"strings"
	"testing"
	"time"

	"github.com/dbplan/dbplan/internal/secret"
	"github.com/dbplan/dbplan/internal/tcsim"
)

func TestRoundTripLockAccount(t *testing.T) {
	s := newSim(t, tcsim.Options{})
	c, ctx := s.c, s.ctx
	const inst = "postgres-rt000001"
	must(c.LockAccount(ctx, LockAccountRequest{DBInstanceId: inst, UserName: "root"}))(t)
	if a := s.account(t, "root"); a == nil || a.Status != 5 {
		t.Fatalf("after LockAccount: %+v, want Status 5", a)
	}
	must(c.UnlockAccount(ctx, UnlockAccountRequest{DBInstanceId: inst, UserName: "root"}))(t)
	if a := s.account(t, "root"); a == nil || a.Status != 2 {
		t.Fatalf("after UnlockAccount: %+v, want Status 2", a)
	}
	_, err := c.LockAccount(ctx, LockAccountRequest{DBInstanceId: inst, UserName: "ghost"})
	wantClass(t, err, "FailedOperation.PreCheckError", Terminal)
}

func TestRoundTripPasswordResets(t *testing.T) {
	s := newSim(t, tcsim.Options{})
	c, ctx := s.c, s.ctx
	const inst = "postgres-rt000001"
	must(c.CreateAccount(ctx, CreateAccountRequest{DBInstanceId: inst, UserName: "app", Type: "normal", Password: secret.New("Rt_passw0rd!")}))(t)
	s.clk.Advance(2 * time.Minute)
	must(c.ResetAccountPassword(ctx, ResetAccountPasswordRequest{DBInstanceId: inst, UserName: "app", Password: secret.New("Rt_passw0rd2!")}))(t)
	a := s.account(t, "app")
	if at, err := time.ParseInLocation(time.DateTime, a.PasswordUpdateTime, time.FixedZone("", 8*3600)); err != nil || s.clk.Now().Sub(at) > time.Second {
		t.Errorf("after ResetAccountPassword: PasswordUpdateTime %q, want now (%v)", a.PasswordUpdateTime, s.clk.Now())
	}
	_, err := c.RefreshAccountPassword(ctx, RefreshAccountPasswordRequest{DBInstanceId: inst, UserName: "app"})
	wantClass(t, err, "FailedOperation.CheckAccountCAMOpenError", Terminal)
	must(c.OpenAccountCAM(ctx, OpenAccountCAMRequest{inst, "app"}))(t)
	_, err = c.ResetAccountPassword(ctx, ResetAccountPasswordRequest{DBInstanceId: inst, UserName: "app", Password: secret.New("Rt_passw0rd3!")})
	wantClass(t, err, "FailedOperation.CheckAccountCAMCloseError", Terminal)
	if strings.Contains(err.Error(), "Rt_passw0rd3!") {
		t.Errorf("error %v holds the password", err)
	}
	must(c.RefreshAccountPassword(ctx, RefreshAccountPasswordRequest{DBInstanceId: inst, UserName: "app"}))(t)

	must(c.CreateLibraDBClusterAccounts(ctx, CreateLibraDBClusterAccountsRequest{ClusterId: "libradb-rt000001",
		Accounts: []NewAccount{{AccountName: "etl", Host: "%", AccountPassword: secret.New("Etl-pass-1")}}}))(t)
	must(c.ResetLibraDBClusterAccountPassword(ctx, ResetLibraDBClusterAccountPasswordRequest{ClusterId: "libradb-rt000001",
		AccountName: "etl", AccountPassword: secret.New("Etl-pass-2")}))(t)
	_, err = c.ResetLibraDBClusterAccountPassword(ctx, ResetLibraDBClusterAccountPasswordRequest{ClusterId: "libradb-rt000001",
		AccountName: "root", Host: "%", AccountPassword: secret.New("Root-pass-2")})
	wantClass(t, err, "InvalidParameterValue.InternalAccount", Terminal)
}
