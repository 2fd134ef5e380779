package planview

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCompactUnmanaged(t *testing.T) {
	items := map[string][]string{}
	var parents []string
	for i := 1; i <= 5; i++ {
		p := fmt.Sprintf("postgres_instance.fleet[\"postgres-%d\"]", i)
		parents = append(parents, p)
		items[p] = []string{"account root"}
	}
	parents = append(parents, "postgres_instance.one", "postgres_instance.two")
	items["postgres_instance.one"] = []string{"account legacy", "account root"}
	items["postgres_instance.two"] = []string{"account legacy", "account root"}

	got := compactUnmanaged(parents, items)
	want := []string{
		`account root: on 5 objects (postgres_instance.fleet["postgres-1"], postgres_instance.fleet["postgres-2"], … and 3 more; -json lists all)`,
		"postgres_instance.one: account legacy, account root",
		"postgres_instance.two: account legacy, account root",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("compactUnmanaged() mismatch (-want +got):\n%s", diff)
	}
}
