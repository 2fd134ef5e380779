package reportview

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/dbplan/dbplan/internal/exec"
	"github.com/dbplan/dbplan/internal/plan"
)

// IsReport reports whether data looks like a JSON report (JSON's output,
// `apply -report FILE`) rather than another document: a JSON object with
// the report's own "totals" and "wall_seconds" keys. It does not validate
// the rest; ReadJSON does.
func IsReport(data []byte) bool {
	var head map[string]json.RawMessage
	if json.Unmarshal(data, &head) != nil {
		return false
	}
	_, totals := head["totals"]
	_, wall := head["wall_seconds"]
	return totals && wall
}

// ReadJSON parses a JSON report written by JSON back into the report, so
// a saved report can be rendered again (`dbplan show -markdown
// report.json`). A report of another format version, an unknown kind or
// outcome, or anything that is not a whole report is refused with an
// error saying so.
func ReadJSON(data []byte) (*exec.Report, error) {
	var head struct {
		FormatVersion *string `json:"format_version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("not a readable report (truncated or corrupt: %v)", err)
	}
	switch {
	case head.FormatVersion == nil:
		return nil, errors.New("not a dbplan report (no format_version)")
	case *head.FormatVersion != FormatVersion:
		return nil, fmt.Errorf("report format %s is not the one this dbplan reads (%s): show it with the dbplan that wrote it", *head.FormatVersion, FormatVersion)
	}
	var doc jsonReport
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("corrupt report (%v)", err)
	}
	r := &exec.Report{
		Started: doc.Started, Wall: secondsDuration(doc.WallSeconds),
		Interrupted: doc.Interrupted, StoppedEarly: doc.StoppedEarly, EndpointDown: doc.EndpointDown,
	}
	var errs []error
	var err error
	if r.Totals, err = outcomeMap(doc.Totals); err != nil {
		errs = append(errs, fmt.Errorf("totals: %w", err))
	}
	for _, e := range doc.Effects {
		eff, ok := parseEffect(e.Effect)
		if !ok {
			errs = append(errs, fmt.Errorf("unknown effect %q", e.Effect))
			continue
		}
		counts, err := outcomeMap(e.Outcomes)
		if err != nil {
			errs = append(errs, fmt.Errorf("effect %s: %w", e.Effect, err))
		}
		r.Effects = append(r.Effects, exec.EffectSummary{Effect: eff, Actions: e.Actions, Counts: counts})
	}
	for _, ac := range doc.Accounts {
		counts, err := outcomeMap(ac.Outcomes)
		if err != nil {
			errs = append(errs, fmt.Errorf("account %s: %w", ac.Account, err))
		}
		var providers []string
		if len(ac.Providers) > 0 {
			providers = ac.Providers
		}
		r.Accounts = append(r.Accounts, exec.AccountSummary{Account: ac.Account, Providers: providers, Actions: ac.Actions,
			Counts: counts, Calls: ac.Calls, Throttles: ac.Throttles, Rate: ac.Rate})
	}
	for _, k := range doc.Kinds {
		kind, ok := plan.ParseKind(k.Kind)
		if !ok {
			errs = append(errs, fmt.Errorf("unknown kind %q", k.Kind))
			continue
		}
		counts, err := outcomeMap(k.Outcomes)
		if err != nil {
			errs = append(errs, fmt.Errorf("kind %s: %w", k.Kind, err))
		}
		r.Kinds = append(r.Kinds, exec.KindSummary{Kind: kind, APIAction: k.APIAction, Actions: k.Actions, Counts: counts,
			Calls: k.Calls, Throttles: k.Throttles, Quota: k.Quota, Rate: k.Rate})
	}
	for _, a := range doc.Actions {
		kind, ok := plan.ParseKind(a.Kind)
		if !ok {
			errs = append(errs, fmt.Errorf("action %s: unknown kind %q", a.ID, a.Kind))
			continue
		}
		o := exec.Outcome(a.Outcome)
		if !slices.Contains(exec.Outcomes(), o) {
			errs = append(errs, fmt.Errorf("action %s: unknown outcome %q", a.ID, a.Outcome))
		}
		res := exec.ActionResult{ID: a.ID, Addr: a.Address, Kind: kind, Outcome: o, Attempts: a.Attempts, Throttles: a.Throttles, Account: a.Account,
			Duration: secondsDuration(a.DurationSeconds), Detail: a.Detail, FlowID: a.FlowID}
		if e := a.Error; e != nil {
			res.Err = &exec.ErrorInfo{Code: e.Code, Class: e.Class, Message: e.Message, RequestID: e.RequestID, Hint: e.Hint}
		}
		r.Actions = append(r.Actions, res)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("inconsistent report: %w", err)
	}
	return r, nil
}

// parseEffect is the inverse of plan.Effect.String.
func parseEffect(s string) (plan.Effect, bool) {
	for _, e := range []plan.Effect{plan.EffectCreate, plan.EffectUpdate, plan.EffectDelete} {
		if e.String() == s {
			return e, true
		}
	}
	return 0, false
}

// outcomeMap parses a JSON outcome count map.
func outcomeMap(m map[string]int) (map[exec.Outcome]int, error) {
	out := make(map[exec.Outcome]int, len(m))
	for k, n := range m {
		o := exec.Outcome(k)
		if !slices.Contains(exec.Outcomes(), o) {
			return nil, fmt.Errorf("unknown outcome %q", k)
		}
		if n != 0 {
			out[o] = n
		}
	}
	return out, nil
}

func secondsDuration(s float64) time.Duration {
	return time.Duration(s * float64(time.Second)).Round(time.Microsecond)
}
