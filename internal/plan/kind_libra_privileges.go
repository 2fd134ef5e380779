package plan

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/secret"
)

// The LibraDB privilege kind: one call sets every privilege of one
// account. The documentation does not say whether
// ModifyLibraDBClusterAccountPrivilege replaces the whole set or only the
// scopes it names, so the call carries the complete set, every scope the
// account holds or should hold named explicitly (an empty list where it
// should hold nothing): correct under either reading. Scopes no grant
// names are sent as the plan saw them, so the re-check requires the
// account's whole set to be as the plan saw it.

var modifyLibraPrivilegesSpec = Spec{
	Name: "modify_libradb_privileges", API: "ModifyLibraDBClusterAccountPrivilege", Effect: EffectUpdate,
	Object: ObjectLibraPrivileges, Check: checkLibraPrivileges, Implied: impliedLibraPrivileges,
	Send: func(ctx context.Context, w Writer, a *Action, _ secret.Value) (int64, error) {
		req, err := libraPrivilegeRequest(a)
		if err != nil {
			return 0, err
		}
		return syncSend(w.ModifyLibraDBClusterAccountPrivilege(ctx, req))
	},
}

// libraPrivilegeRequest builds the call of a: every scope of the plan's
// observed and desired states, with its desired privileges.
func libraPrivilegeRequest(a *Action) (apiclient.ModifyLibraDBClusterAccountPrivilegeRequest, error) {
	t := a.Target
	req := apiclient.ModifyLibraDBClusterAccountPrivilegeRequest{ClusterId: t.ClusterID,
		Account: apiclient.InputAccount{AccountName: t.UserName, Host: t.Host}, GlobalPrivileges: []string{}}
	var seen map[string][]string
	if err := json.Unmarshal([]byte(a.Precondition.Expect), &seen); err != nil {
		return req, fmt.Errorf("the plan's precondition of %s is unreadable (%v): plan again", a.ID, err)
	}
	for _, k := range libraScopes(seen, a.Params.LibraPrivileges) {
		s, err := ParseLibraScope(k)
		if err != nil {
			return req, fmt.Errorf("%s: %w: plan again", a.ID, err)
		}
		privs := append([]string{}, a.Params.LibraPrivileges[k]...)
		switch s.Level {
		case config.LibraGlobal:
			req.GlobalPrivileges = privs
		case config.LibraDatabase:
			req.DatabasePrivileges = append(req.DatabasePrivileges, apiclient.LibraDatabasePrivileges{Db: s.Database, Privileges: privs})
		default:
			req.TablePrivileges = append(req.TablePrivileges, apiclient.LibraTablePrivileges{Db: s.Database, TableName: s.Table, Privileges: privs})
		}
	}
	return req, nil
}

// checkLibraPrivileges re-checks a LibraDB privilege change: Done when
// the account holds exactly the planned set, Holds when it holds exactly
// what the plan saw, Drifted otherwise (or when it or its cluster is
// gone).
func checkLibraPrivileges(a *Action, obs *Observed) PreconditionResult {
	oa, res, ok := observedLibraAccount(a, obs)
	if !ok {
		return res
	}
	key := LibraKey(a.Target.UserName, a.Target.Host)
	switch {
	case oa.Privileges == nil:
		return drifted("The privileges of %s could not be read.", key)
	case sameLibraState(oa.Privileges, a.Params.LibraPrivileges):
		return done("Account %s already holds exactly the planned privileges.", key)
	case libraState(oa.Privileges) == a.Precondition.Expect:
		return holds()
	}
	var changed []string
	var seen map[string][]string
	_ = json.Unmarshal([]byte(a.Precondition.Expect), &seen)
	for _, k := range libraScopes(seen, oa.Privileges) {
		if !slices.Equal(sortedSet(seen[k]), sortedSet(oa.Privileges[k])) {
			changed = append(changed, k)
		}
	}
	return drifted("The privileges of %s changed since the plan (on %v); the call would overwrite them: plan again.", key, changed)
}

// impliedLibraPrivileges: the account's grants name scopes; the call sets
// exactly the declared privileges on each of them, and on every other
// scope what the account held at plan time (Precondition.Expect, which
// the re-check requires to hold still), so nothing a grant does not name
// changes.
func impliedLibraPrivileges(a *Action, d *Declared) error {
	if err := impliedLibraAccount(a, d); err != nil {
		return err
	}
	declared, _ := libraDeclared(d.Libra.Grants)
	if len(declared) == 0 {
		return errors.New("the configuration declares no grant for the account")
	}
	var seen map[string][]string
	if err := json.Unmarshal([]byte(a.Precondition.Expect), &seen); err != nil {
		return fmt.Errorf("its precondition is unreadable (%v)", err)
	}
	for _, k := range libraScopes(declared, seen, a.Params.LibraPrivileges) {
		got := sortedSet(a.Params.LibraPrivileges[k])
		if want, ok := declared[k]; ok {
			if !slices.Equal(got, sortedSet(want)) {
				return fmt.Errorf("it sets %s on %s but the configuration says %s", privilegeList(got), k, privilegeList(sortedSet(want)))
			}
		} else if !slices.Equal(got, sortedSet(seen[k])) {
			return fmt.Errorf("it changes the privileges on %s, which no grant names", k)
		}
	}
	if err := sameParams(a.Params, Params{LibraPrivileges: a.Params.LibraPrivileges}); err != nil {
		return err
	}
	return impliedPassword(a, false, "")
}
