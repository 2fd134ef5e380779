package plan

import (
	"context"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/secret"
)

// The LibraDB account kinds.

// libraBatchMax is the most accounts dbplan puts in one
// CreateLibraDBClusterAccounts call. The API documents no limit; 50 keeps
// a failed batch cheap to redo one by one.
const libraBatchMax = 50

var createLibraSpec = Spec{
	Name: "create_libradb_account", API: "CreateLibraDBClusterAccounts", Effect: EffectCreate, Object: ObjectLibraAccount,
	BatchMax: libraBatchMax, Check: checkLibraAccount,
	Send: func(ctx context.Context, w Writer, a *Action, pw secret.Value) (int64, error) {
		return 0, sendLibraCreates(ctx, w, []*Action{a}, []secret.Value{pw})
	},
	SendBatch: sendLibraCreates,
}

var modifyLibraDescriptionSpec = Spec{
	Name: "modify_libradb_account_description", API: "ModifyLibraDBClusterAccountDescription", Effect: EffectUpdate,
	Object: ObjectLibraAccount, Check: checkLibraAccount,
	Send: func(ctx context.Context, w Writer, a *Action, _ secret.Value) (int64, error) {
		t := a.Target
		return syncSend(w.ModifyLibraDBClusterAccountDescription(ctx, apiclient.ModifyLibraDBClusterAccountDescriptionRequest{
			ClusterId: t.ClusterID, AccountName: t.UserName, Host: t.Host, Description: deref(a.Params.Description)}))
	},
}

// sendLibraCreates creates the accounts of as (all of one cluster) in one
// CreateLibraDBClusterAccounts call.
func sendLibraCreates(ctx context.Context, w Writer, as []*Action, pws []secret.Value) error {
	accts := make([]apiclient.NewAccount, len(as))
	for i, a := range as {
		host := a.Target.Host
		if host == "" {
			host = "%"
		}
		accts[i] = apiclient.NewAccount{AccountName: a.Target.UserName, Host: host, AccountPassword: pws[i],
			Description: deref(a.Params.Description), MaxUserConnections: a.Params.MaxUserConnections}
	}
	_, err := w.CreateLibraDBClusterAccounts(ctx, apiclient.CreateLibraDBClusterAccountsRequest{
		ClusterId: as[0].Target.ClusterID, Accounts: accts})
	return err
}

// checkLibraAccount re-checks a LibraDB create or description change.
func checkLibraAccount(a *Action, obs *Observed) PreconditionResult {
	oc := obs.LibraClusters[a.Target.ClusterID]
	if oc == nil {
		return drifted("LibraDB cluster %s no longer exists.", a.Target.ClusterID)
	}
	key := LibraKey(a.Target.UserName, a.Target.Host)
	oa := oc.Accounts[key]
	if a.Kind == CreateLibraAccount {
		switch {
		case oa == nil:
			return holds()
		case a.Params.Description != nil && *a.Params.Description != oa.Description:
			return drifted("Account %s now exists with description %q; plan again to update it.", key, oa.Description)
		}
		return done("Account %s already exists as planned.", key)
	}
	if oa == nil {
		return drifted("Account %s no longer exists on %s.", key, a.Target.ClusterID)
	}
	return checkValue("description", oa.Description, deref(a.Params.Description), a.Precondition.Expect)
}
