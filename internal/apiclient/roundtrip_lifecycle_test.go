package apiclient

import (
	"testing"

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
