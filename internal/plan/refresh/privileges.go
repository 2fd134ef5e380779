package refresh

import (
	"context"
	"slices"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/plan"
)

// ObjectsPerPrivilegeRead is the most objects one DescribeAccountPrivileges
// call names. The API documents no limit (UNCONFIRMED); 50 mirrors the
// documented limit of ModifyAccountPrivileges and keeps a call small.
const ObjectsPerPrivilegeRead = 50

// Privileges reads what an account holds on objs, keyed by DBObject.Key,
// in calls of at most ObjectsPerPrivilegeRead objects. An object the
// instance does not have makes the API refuse the whole call
// (InvalidDatabaseObjectName), so such a call is split until the missing
// objects are found; they are reported Missing, the others read. A
// missing instance or account is returned as the API's not-found error
// (apiclient.IsNotFound).
func Privileges(ctx context.Context, src Source, opts Options, instanceID, user string, objs []plan.DBObject) (map[string]plan.ObservedPrivileges, error) {
	return newReader(Options{Retry: opts.Retry}).readPrivileges(ctx, src, instanceID, user, objs)
}

func (r *reader) readPrivileges(ctx context.Context, src Source, instanceID, user string, objs []plan.DBObject) (map[string]plan.ObservedPrivileges, error) {
	out := make(map[string]plan.ObservedPrivileges, len(objs))
	for chunk := range slices.Chunk(objs, ObjectsPerPrivilegeRead) {
		if err := r.privilegeCall(ctx, src, instanceID, user, chunk, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// privilegeCall reads objs in one call, splitting it in halves while the
// API says one of them does not exist.
func (r *reader) privilegeCall(ctx context.Context, src Source, instanceID, user string, objs []plan.DBObject, out map[string]plan.ObservedPrivileges) error {
	set := make([]apiclient.DatabaseObject, len(objs))
	for i, o := range objs {
		set[i] = apiObject(o)
	}
	var resp *apiclient.DescribeAccountPrivilegesResponse
	err := r.call(ctx, src, "DescribeAccountPrivileges", func(ctx context.Context) (err error) {
		resp, err = src.DescribeAccountPrivileges(ctx, apiclient.DescribeAccountPrivilegesRequest{
			DBInstanceId: instanceID, UserName: user, DatabaseObjectSet: set})
		return err
	})
	switch {
	case apiclient.IsUnknownDatabaseObject(err) && len(objs) == 1:
		out[objs[0].Key()] = plan.ObservedPrivileges{Missing: true, Privileges: []string{}}
		return nil
	case apiclient.IsUnknownDatabaseObject(err):
		half := len(objs) / 2
		if err := r.privilegeCall(ctx, src, instanceID, user, objs[:half], out); err != nil {
			return err
		}
		return r.privilegeCall(ctx, src, instanceID, user, objs[half:], out)
	case err != nil:
		return err
	}
	for _, o := range objs {
		out[o.Key()] = plan.ObservedPrivileges{Privileges: []string{}}
	}
	for _, p := range resp.PrivilegeSet {
		if p.Object == nil {
			continue
		}
		k := objectOf(*p.Object).Key()
		if _, asked := out[k]; !asked {
			continue // not one of ours (the answer names what it likes)
		}
		privs := make([]string, 0, len(p.PrivilegeSet))
		for _, name := range p.PrivilegeSet {
			privs = append(privs, config.CanonicalPrivilege(name))
		}
		slices.Sort(privs)
		out[k] = plan.ObservedPrivileges{Privileges: slices.Compact(privs)}
	}
	r.read(len(objs))
	return nil
}

// apiObject is the DatabaseObject naming o.
func apiObject(o plan.DBObject) apiclient.DatabaseObject {
	return apiclient.DatabaseObject{ObjectType: o.Type, ObjectName: o.Name, DatabaseName: o.Database, SchemaName: o.Schema, TableName: o.Table}
}

// objectOf is the DBObject an answer's DatabaseObject names. The API
// fills every name ("" when not applicable); only the ones meaningful
// for the type are kept.
func objectOf(d apiclient.DatabaseObject) plan.DBObject {
	o := plan.DBObject{Type: d.ObjectType, Name: d.ObjectName}
	switch d.ObjectType {
	case apiclient.ObjectDatabase:
	case apiclient.ObjectSchema:
		o.Database = d.DatabaseName
	case apiclient.ObjectColumn:
		o.Database, o.Schema, o.Table = d.DatabaseName, d.SchemaName, d.TableName
	default:
		o.Database, o.Schema = d.DatabaseName, d.SchemaName
	}
	return o
}
