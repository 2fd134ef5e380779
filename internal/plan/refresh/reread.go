package refresh

import (
	"context"
	"slices"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/plan"
)

// The functions below re-read single objects for the executor (checking a
// precondition, confirming an ambiguous create, polling an async flow),
// with the same paging, rate limiting and retries as Refresh. Only
// opts.Retry is used. Absent objects are absent from the result; errors
// are returned as the API gave them.

// Instances reads instances by id, 100 per DescribeDBInstances call, one
// call after the other, without their accounts (Accounts is empty; read
// them with Accounts).
func Instances(ctx context.Context, src Source, opts Options, ids []string) (map[string]*plan.ObservedInstance, error) {
	r := newReader(Options{Retry: opts.Retry})
	out := map[string]*plan.ObservedInstance{}
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	for chunk := range slices.Chunk(ids, instancePage) {
		found, err := r.listInstances(ctx, src, []apiclient.Filter{{Name: "db-instance-id", Values: chunk}}, len(chunk))
		if err != nil {
			return nil, err
		}
		for i := range found {
			if slices.Contains(chunk, found[i].DBInstanceId) {
				out[found[i].DBInstanceId] = instanceOf(&found[i])
			}
		}
	}
	return out, nil
}

// Accounts reads every account of an instance, keyed by user name.
func Accounts(ctx context.Context, src Source, opts Options, instanceID string) (map[string]*plan.ObservedAccount, error) {
	return newReader(Options{Retry: opts.Retry}).listAccounts(ctx, src, instanceID)
}

// ROGroups reads every read-only group of a master instance, keyed by
// group id.
func ROGroups(ctx context.Context, src Source, opts Options, masterID string) (map[string]*plan.ObservedROGroup, error) {
	found, err := newReader(Options{Retry: opts.Retry}).listGroups(ctx, src, masterID)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*plan.ObservedROGroup, len(found))
	for i := range found {
		out[found[i].ReadOnlyGroupId] = groupOf(&found[i])
	}
	return out, nil
}

// LibraAccounts reads every account of a LibraDB cluster, keyed by
// plan.LibraKey(name, host).
func LibraAccounts(ctx context.Context, src Source, opts Options, clusterID string) (map[string]*plan.ObservedLibraAccount, error) {
	return newReader(Options{Retry: opts.Retry}).listLibraAccounts(ctx, src, clusterID)
}
