package exec

import (
	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/plan/refresh"
	"github.com/dbplan/dbplan/internal/secret"
)

// API is the set of calls the executor makes: the reads of refresh.Source
// (used to re-check preconditions, confirm ambiguous outcomes and poll
// flows) and the write calls of the action kinds (plan.Writer, sent
// through each kind's plan.Spec). Each call is exactly one attempt.
// *apiclient.Client satisfies it.
type API interface {
	refresh.Source
	plan.Writer
}

// Clients returns the API client for a provider (config.Provider Name) in a
// region. It is called once per action, possibly concurrently; an error
// fails that action.
type Clients func(provider, region string) (API, error)

// Secrets returns the password configured at a secret address
// (plan.Action.SecretAddr), read from the configuration at apply time.
// false (or an unset value) means it is not available.
type Secrets func(secretAddr string) (secret.Value, bool)
