package plan

import (
	"context"
	"errors"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/secret"
)

// The LibraDB account kinds.

// libraBatchMax is the most accounts dbplan puts in one
// CreateLibraDBClusterAccounts call. The API documents no limit; 50 keeps
// a failed batch cheap to redo one by one.
const libraBatchMax = 50

var createLibraSpec = Spec{
	Name: "create_libradb_account", API: "CreateLibraDBClusterAccounts", Effect: EffectCreate, Object: ObjectLibraAccount,
	BatchMax: libraBatchMax, Check: checkLibraAccount, Implied: impliedLibraCreate,
	Send: func(ctx context.Context, w Writer, a *Action, pw secret.Value) (int64, error) {
		return 0, sendLibraCreates(ctx, w, []*Action{a}, []secret.Value{pw})
	},
	SendBatch: sendLibraCreates,
}

var modifyLibraDescriptionSpec = Spec{
	Name: "modify_libradb_account_description", API: "ModifyLibraDBClusterAccountDescription", Effect: EffectUpdate,
	Object: ObjectLibraAccount, Check: checkLibraAccount, Implied: impliedLibraDescription,
	Send: func(ctx context.Context, w Writer, a *Action, _ secret.Value) (int64, error) {
		t := a.Target
		return syncSend(w.ModifyLibraDBClusterAccountDescription(ctx, apiclient.ModifyLibraDBClusterAccountDescriptionRequest{
			ClusterId: t.ClusterID, AccountName: t.UserName, Host: t.Host, Description: deref(a.Params.Description)}))
	},
}

// impliedLibraAccount checks the target of an action on a LibraDB
// account: the declared cluster, name and host.
func impliedLibraAccount(a *Action, d *Declared) error {
	la := d.Libra
	if err := impliedCluster(a, d.Cluster); err != nil {
		return err
	}
	if la.Absent && a.Kind != DeleteLibraAccount {
		return errors.New("the configuration declares the account absent = true")
	}
	if err := same("user name", a.Target.UserName, la.Name); err != nil {
		return err
	}
	return same("host", a.Target.Host, la.Host)
}

// impliedCluster checks the LibraDB cluster of an action, its provider
// and region.
func impliedCluster(a *Action, c *config.LibraCluster) error {
	if err := same("cluster", a.Target.ClusterID, c.ClusterID); err != nil {
		return err
	}
	return impliedPlace(a, c.Provider, c.Region)
}

// impliedLibraCreate: the declared description and connection limit, and
// the account's own password.
func impliedLibraCreate(a *Action, d *Declared) error {
	if err := impliedLibraAccount(a, d); err != nil {
		return err
	}
	la := d.Libra
	if err := sameParams(a.Params, Params{Description: la.Description, MaxUserConnections: la.MaxUserConnections}); err != nil {
		return err
	}
	return impliedPassword(a, true, la.Addr)
}

// impliedLibraDescription: the configuration manages the description,
// and the call sets the declared one.
func impliedLibraDescription(a *Action, d *Declared) error {
	if err := impliedLibraAccount(a, d); err != nil {
		return err
	}
	if d.Libra.Description == nil {
		return errors.New("the configuration does not manage the description")
	}
	if err := sameParams(a.Params, Params{Description: d.Libra.Description}); err != nil {
		return err
	}
	return impliedPassword(a, false, "")
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
	if a.Kind == CreateLibraAccount {
		oc := obs.LibraClusters[a.Target.ClusterID]
		if oc == nil {
			return drifted("LibraDB cluster %s no longer exists.", a.Target.ClusterID)
		}
		key := LibraKey(a.Target.UserName, a.Target.Host)
		oa := oc.Accounts[key]
		switch {
		case oa == nil:
			return holds()
		case a.Params.Description != nil && *a.Params.Description != oa.Description:
			return drifted("Account %s now exists with description %q; plan again to update it.", key, oa.Description)
		}
		return done("Account %s already exists as planned.", key)
	}
	oa, res, ok := observedLibraAccount(a, obs)
	if !ok {
		return res
	}
	return checkValue("description", oa.Description, deref(a.Params.Description), a.Precondition.Expect)
}

// observedLibraAccount returns the LibraDB account an action on an
// existing account acts on; when the cluster or the account is gone, ok is
// false and res is the Drifted verdict to return (the twin of
// observedAccount).
func observedLibraAccount(a *Action, obs *Observed) (oa *ObservedLibraAccount, res PreconditionResult, ok bool) {
	oc := obs.LibraClusters[a.Target.ClusterID]
	if oc == nil {
		return nil, drifted("LibraDB cluster %s no longer exists.", a.Target.ClusterID), false
	}
	key := LibraKey(a.Target.UserName, a.Target.Host)
	if oa = oc.Accounts[key]; oa == nil {
		return nil, drifted("Account %s no longer exists on %s.", key, a.Target.ClusterID), false
	}
	return oa, PreconditionResult{}, true
}
