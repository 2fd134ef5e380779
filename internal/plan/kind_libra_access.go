package plan

import (
	"context"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/secret"
)

// The LibraDB account kinds that take access away.

var deleteLibraSpec = Spec{
	Name: "delete_libradb_account", API: "DeleteLibraDBClusterAccounts", Effect: EffectDelete, Object: ObjectLibraAccount,
	Risks: []string{RiskDeletes}, BatchMax: libraBatchMax, Check: checkDeleteLibraAccount,
	Send: func(ctx context.Context, w Writer, a *Action, _ secret.Value) (int64, error) {
		return 0, sendLibraDeletes(ctx, w, []*Action{a}, nil)
	},
	SendBatch: sendLibraDeletes,
}

// sendLibraDeletes deletes the accounts of as (all of one cluster) in one
// DeleteLibraDBClusterAccounts call.
func sendLibraDeletes(ctx context.Context, w Writer, as []*Action, _ []secret.Value) error {
	accts := make([]apiclient.InputAccount, len(as))
	for i, a := range as {
		accts[i] = apiclient.InputAccount{AccountName: a.Target.UserName, Host: a.Target.Host}
	}
	_, err := w.DeleteLibraDBClusterAccounts(ctx, apiclient.DeleteLibraDBClusterAccountsRequest{
		ClusterId: as[0].Target.ClusterID, Accounts: accts})
	return err
}

// checkDeleteLibraAccount re-checks a LibraDB delete: Done when the
// account is gone, Drifted when the cluster is gone or the account was
// recreated since the plan.
func checkDeleteLibraAccount(a *Action, obs *Observed) PreconditionResult {
	oc := obs.LibraClusters[a.Target.ClusterID]
	if oc == nil {
		return drifted("LibraDB cluster %s no longer exists.", a.Target.ClusterID)
	}
	key := LibraKey(a.Target.UserName, a.Target.Host)
	oa := oc.Accounts[key]
	if oa == nil {
		return done("Account %s no longer exists.", key)
	}
	return checkSameObject("Account "+key, oa.CreateTime, a.Precondition.Expect)
}
