package exec

import (
	"context"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/plan/refresh"
	"github.com/dbplan/dbplan/internal/secret"
)

// API is the set of calls the executor makes: the reads of refresh.Source
// (used to re-check preconditions, confirm ambiguous outcomes and poll
// flows) and one write per action kind. Each call is exactly one attempt.
// *apiclient.Client satisfies it.
type API interface {
	refresh.Source
	CreateAccount(ctx context.Context, req apiclient.CreateAccountRequest) (*apiclient.CreateAccountResponse, error)
	ModifyAccountRemark(ctx context.Context, req apiclient.ModifyAccountRemarkRequest) (*apiclient.ModifyAccountRemarkResponse, error)
	OpenAccountCAM(ctx context.Context, req apiclient.OpenAccountCAMRequest) (*apiclient.OpenAccountCAMResponse, error)
	CloseAccountCAM(ctx context.Context, req apiclient.CloseAccountCAMRequest) (*apiclient.CloseAccountCAMResponse, error)
	OpenDBExtranetAccess(ctx context.Context, req apiclient.OpenDBExtranetAccessRequest) (*apiclient.OpenDBExtranetAccessResponse, error)
	CloseDBExtranetAccess(ctx context.Context, req apiclient.CloseDBExtranetAccessRequest) (*apiclient.CloseDBExtranetAccessResponse, error)
	CreateReadOnlyGroupNetworkAccess(ctx context.Context, req apiclient.CreateReadOnlyGroupNetworkAccessRequest) (*apiclient.CreateReadOnlyGroupNetworkAccessResponse, error)
	CreateLibraDBClusterAccounts(ctx context.Context, req apiclient.CreateLibraDBClusterAccountsRequest) (*apiclient.CreateLibraDBClusterAccountsResponse, error)
	ModifyLibraDBClusterAccountDescription(ctx context.Context, req apiclient.ModifyLibraDBClusterAccountDescriptionRequest) (*apiclient.ModifyLibraDBClusterAccountDescriptionResponse, error)
}

// Clients returns the API client for a provider (config.Provider Name) in a
// region. It is called once per action, possibly concurrently; an error
// fails that action.
type Clients func(provider, region string) (API, error)

// Secrets returns the password configured at a secret address
// (plan.Action.SecretAddr), read from the configuration at apply time.
// false (or an unset value) means it is not available.
type Secrets func(secretAddr string) (secret.Value, bool)
