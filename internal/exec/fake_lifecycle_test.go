package exec

import (
	"context"

	"github.com/dbplan/dbplan/internal/apiclient"
)

// The fake's lifecycle calls: lock, unlock, delete and password resets.

func (f *fakeAPI) setStatus(action, inst, user string, status int64) error {
	a, err := f.account(action, inst, user)
	if err == nil {
		a.Status = status
	}
	return err
}

func (f *fakeAPI) LockAccount(_ context.Context, req apiclient.LockAccountRequest) (*apiclient.LockAccountResponse, error) {
	return &apiclient.LockAccountResponse{}, f.call("LockAccount", req, func() error {
		return f.setStatus("LockAccount", req.DBInstanceId, req.UserName, 5)
	})
}

func (f *fakeAPI) UnlockAccount(_ context.Context, req apiclient.UnlockAccountRequest) (*apiclient.UnlockAccountResponse, error) {
	return &apiclient.UnlockAccountResponse{}, f.call("UnlockAccount", req, func() error {
		return f.setStatus("UnlockAccount", req.DBInstanceId, req.UserName, 2)
	})
}
