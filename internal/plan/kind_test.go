package plan_test

import (
	"testing"

	"github.com/dbplan/dbplan/internal/plan"
)

// TestKindTable checks every kind's Spec is complete and consistent, so a
// new kind cannot be half-declared.
func TestKindTable(t *testing.T) {
	names := map[string]plan.Kind{}
	for _, k := range plan.Kinds() {
		s := k.Spec()
		if s == nil {
			t.Errorf("kind %d has no Spec", int(k))
			continue
		}
		if s.Name == "" || s.API == "" || s.Effect == 0 || s.Object == 0 || s.Check == nil || s.Implied == nil || s.Send == nil {
			t.Errorf("%s: incomplete Spec (name, API, effect, object, Check, Implied and Send are required): %+v", k, *s)
		}
		if prev, dup := names[s.Name]; dup {
			t.Errorf("kinds %d and %d share the name %q", int(prev), int(k), s.Name)
		}
		names[s.Name] = k
		if got, ok := plan.ParseKind(s.Name); !ok || got != k {
			t.Errorf("ParseKind(%q) = %v, %v; want %v", s.Name, got, ok, k)
		}
		if s.Async != (s.Flow != nil) {
			t.Errorf("%s: Async is %v but Flow is set: %v (async kinds, and only they, need Flow)", k, s.Async, s.Flow != nil)
		}
		if (s.BatchMax > 1) != (s.SendBatch != nil) {
			t.Errorf("%s: BatchMax %d with SendBatch set: %v (batched kinds, and only they, need SendBatch)", k, s.BatchMax, s.SendBatch != nil)
		}
		if s.BatchMax > 1 && s.Async {
			t.Errorf("%s: a batched kind must be synchronous", k)
		}
	}
	for _, bad := range []plan.Kind{0, plan.Kind(len(plan.Kinds()) + 1)} {
		if bad.Spec() != nil || bad.APIAction() != "" || bad.Effect() != 0 || bad.Async() {
			t.Errorf("invalid kind %d has a Spec", int(bad))
		}
	}
	if _, ok := plan.ParseKind("no_such_kind"); ok {
		t.Error(`ParseKind("no_such_kind") succeeded`)
	}
}

// TestCheckPreconditionUnknownKind: a plan naming a kind this dbplan does
// not know is never run.
func TestCheckPreconditionUnknownKind(t *testing.T) {
	got := plan.CheckPrecondition(plan.Action{Kind: plan.Kind(999)}, nil)
	if got.Verdict != plan.Drifted {
		t.Errorf("CheckPrecondition(unknown kind) = %v, want drifted", got.Verdict)
	}
}
