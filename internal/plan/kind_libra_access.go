package plan

import (
	"context"
	"errors"
	"fmt"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/secret"
)

// The LibraDB account kinds that take access away.

var deleteLibraSpec = Spec{
	Name: "delete_libradb_account", API: "DeleteLibraDBClusterAccounts", Effect: EffectDelete, Object: ObjectLibraAccount,
	Risks: []string{RiskDeletes}, BatchMax: libraBatchMax, Check: checkDeleteLibraAccount, Implied: impliedDeleteLibra,
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

// impliedDeleteLibra: the account is declared absent = true, or nothing
// declares it on the cluster and the cluster's prune_accounts selects it.
func impliedDeleteLibra(a *Action, d *Declared) error {
	if err := sameParams(a.Params, Params{}); err != nil {
		return err
	}
	if err := impliedPassword(a, false, ""); err != nil {
		return err
	}
	if d.Libra != nil {
		if err := impliedLibraAccount(a, d); err != nil {
			return err
		}
		if !d.Libra.Absent {
			return errors.New("the configuration does not declare the account absent = true")
		}
		return nil
	}
	if err := impliedCluster(a, d.Cluster); err != nil {
		return err
	}
	name, host := a.Target.UserName, a.Target.Host
	switch {
	case a.Addr != libraAddr(d.Cluster.Addr, name, host):
		return fmt.Errorf("its address does not name account %s", LibraKey(name, host))
	case !d.Prune.Matches(name, config.IsLibraSystemAccount):
		return fmt.Errorf("%s does not select account %s", d.Prune, LibraKey(name, host))
	}
	return nil
}
