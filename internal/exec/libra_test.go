package exec

import (
	"context"
	"testing"
	"testing/synctest"

	"github.com/google/go-cmp/cmp"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/plan"
	"github.com/dbplan/dbplan/internal/secret"
)

func TestLibraBatch(t *testing.T) {
	tests := []struct {
		name      string
		batch     int
		short     string // account whose password is too short
		want      map[string]Outcome
		wantCalls int
	}{
		{name: "one call for the cluster", want: map[string]Outcome{"a": Succeeded, "b": Succeeded, "c": Succeeded}, wantCalls: 1},
		{name: "bounded batch size", batch: 2, want: map[string]Outcome{"a": Succeeded, "b": Succeeded, "c": Succeeded}, wantCalls: 2},
		{name: "fallback isolates the culprit", short: "b", want: map[string]Outcome{"a": Succeeded, "b": Failed, "c": Succeeded}, wantCalls: 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				h := newHarness(t)
				h.opts.LibraBatch = tc.batch
				h.api.libra["c1"] = map[string]*apiclient.LibraDBAccount{"root@%": {AccountName: "root", Host: "%"}}
				h.opts.Secrets = func(addr string) (secret.Value, bool) {
					if addr == "libra.c1."+tc.short {
						return secret.New("short"), true
					}
					return secret.New("Long-enough-1"), true
				}
				var actions []plan.Action
				for _, u := range []string{"a", "b", "c"} {
					actions = append(actions, libraCreate("c1", u))
				}
				r := h.run(context.Background(), actions...)
				got := map[string]Outcome{}
				for _, a := range r.Actions {
					got[a.Addr[len("libra.c1."):]] = a.Outcome
				}
				if diff := cmp.Diff(tc.want, got); diff != "" {
					t.Errorf("outcomes mismatch (-want +got):\n%s", diff)
				}
				if n := h.api.count("CreateLibraDBClusterAccounts"); n != tc.wantCalls {
					t.Errorf("CreateLibraDBClusterAccounts calls = %d, want %d", n, tc.wantCalls)
				}
				for key, n := range h.api.creates {
					if n != 1 {
						t.Errorf("%s created %d times", key, n)
					}
				}
			})
		})
	}
}

func TestLibraBatchLostResponseAdopted(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.api.libra["c1"] = map[string]*apiclient.LibraDBAccount{}
		h.api.Hook = failFirst("CreateLibraDBClusterAccounts", 1, "InternalError", true)
		r := h.run(context.Background(), libraCreate("c1", "a"), libraCreate("c1", "b"))
		if got := r.Count(Adopted); got != 2 {
			t.Errorf("adopted = %d, want 2 (%+v)", got, r.Actions)
		}
		if n := h.api.count("CreateLibraDBClusterAccounts"); n != 1 {
			t.Errorf("CreateLibraDBClusterAccounts calls = %d, want 1", n)
		}
	})
}
