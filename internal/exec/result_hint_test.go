package exec

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dbplan/dbplan/internal/retry"
)

// TestErrorInfoHintWhenRetriesRunOut: the report promises a hint for
// every failure; a call that failed every attempt (transient or
// throttled) had none.
func TestErrorInfoHintWhenRetriesRunOut(t *testing.T) {
	exhausted := func(code string) error {
		return fmt.Errorf("%w after 8 attempts: %w", retry.ErrExhausted, apiError("CreateAccount", code))
	}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"transient", exhausted("InternalError"), hintKeptFailing},
		{"throttled", exhausted("RequestLimitExceeded"), hintKeptThrottling},
		{"a single transient answer gets no retry hint", apiError("CreateAccount", "InternalError"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, ErrorInfoOf(tt.err).Hint); diff != "" {
				t.Errorf("ErrorInfoOf(%v).Hint mismatch (-want +got):\n%s", tt.err, diff)
			}
		})
	}
}
