package reportview

import (
	"encoding/json"
	"io"
	"time"

	"github.com/dbplan/dbplan/internal/exec"
)

// The JSON report (FormatVersion "1"), written by JSON and by
// `dbplan apply -report FILE`:
//
//	{"format_version": "1", "started": RFC 3339 time, "wall_seconds": float,
//	 "interrupted": bool, "stopped_early": bool,
//	 "endpoint_down": why the run stopped starting actions (omitted when it did not),
//	 "totals": {outcome: count, … every outcome, zeros included},
//	 "effects": [{"effect", "actions", "outcomes": {…}}],
//	 "kinds": [{"kind", "api_action", "actions", "outcomes": {…},
//	            "calls", "throttles", "quota_per_second", "rate_per_second"}],
//	 "accounts": [{"account", "providers": [names], "actions", "outcomes": {…},
//	               "calls", "throttles", "rate_per_second"}],
//	 "actions": [{"id", "address", "kind", "effect", "account", "outcome", "attempts",
//	              "throttles", "duration_seconds", "detail", "flow_id",
//	              "error": {"code", "class", "message", "request_id", "hint"}}]}
//
// Outcomes are succeeded, adopted, already_done, failed, skipped, drifted,
// unconfirmed and canceled. "error" and "flow_id" are omitted when absent.
// An effect is "create", "update" or "delete"; "effects" lists those
// present, in that order, so deletions have outcome counts of their own.
// The actions with an outcome of succeeded or adopted are the objects the
// run created, changed or deleted. "accounts" has one entry per cloud
// account the actions ran in (the uin; a "cred-…" key when sts could not
// tell the account), sorted: quotas are per account.

type jsonReport struct {
	jsonSummary
	Actions []jsonAction `json:"actions"`
}

// jsonSummary is the report without its actions (the summary event).
type jsonSummary struct {
	FormatVersion string         `json:"format_version"`
	Started       time.Time      `json:"started"`
	WallSeconds   float64        `json:"wall_seconds"`
	Interrupted   bool           `json:"interrupted"`
	StoppedEarly  bool           `json:"stopped_early"`
	EndpointDown  string         `json:"endpoint_down,omitempty"`
	Totals        map[string]int `json:"totals"`
	Effects       []jsonEffect   `json:"effects"`
	Kinds         []jsonKind     `json:"kinds"`
	Accounts      []jsonAccount  `json:"accounts"`
}

type jsonEffect struct {
	Effect   string         `json:"effect"`
	Actions  int            `json:"actions"`
	Outcomes map[string]int `json:"outcomes"`
}

func summaryOf(r *exec.Report) jsonSummary {
	return jsonSummary{FormatVersion: FormatVersion, Started: r.Started.UTC(), WallSeconds: r.Wall.Seconds(),
		Interrupted: r.Interrupted, StoppedEarly: r.StoppedEarly, EndpointDown: r.EndpointDown, Totals: counts(r.Totals),
		Effects: wireEffects(r.Effects), Kinds: wireKinds(r.Kinds), Accounts: wireAccounts(r.Accounts)}
}

func wireEffects(es []exec.EffectSummary) []jsonEffect {
	out := make([]jsonEffect, 0, len(es))
	for _, e := range es {
		out = append(out, jsonEffect{Effect: e.Effect.String(), Actions: e.Actions, Outcomes: counts(e.Counts)})
	}
	return out
}

type jsonKind struct {
	Kind      string         `json:"kind"`
	APIAction string         `json:"api_action"`
	Actions   int            `json:"actions"`
	Outcomes  map[string]int `json:"outcomes"`
	Calls     int            `json:"calls"`
	Throttles int            `json:"throttles"`
	Quota     float64        `json:"quota_per_second"`
	Rate      float64        `json:"rate_per_second"`
}

type jsonAction struct {
	ID              string     `json:"id"`
	Address         string     `json:"address"`
	Kind            string     `json:"kind"`
	Effect          string     `json:"effect"`
	Account         string     `json:"account,omitempty"`
	Outcome         string     `json:"outcome"`
	Attempts        int        `json:"attempts"`
	Throttles       int        `json:"throttles"`
	DurationSeconds float64    `json:"duration_seconds"`
	Detail          string     `json:"detail,omitempty"`
	FlowID          int64      `json:"flow_id,omitempty"`
	Error           *jsonError `json:"error,omitempty"`
}

type jsonError struct {
	Code      string `json:"code,omitempty"`
	Class     string `json:"class,omitempty"`
	Message   string `json:"message"`
	RequestID string `json:"request_id,omitempty"`
	Hint      string `json:"hint,omitempty"`
}

func counts(m map[exec.Outcome]int) map[string]int {
	out := make(map[string]int, len(exec.Outcomes()))
	for _, o := range exec.Outcomes() {
		out[string(o)] = m[o]
	}
	return out
}

func wireError(e *exec.ErrorInfo) *jsonError {
	if e == nil {
		return nil
	}
	return &jsonError{Code: e.Code, Class: e.Class, Message: e.Message, RequestID: e.RequestID, Hint: e.Hint}
}

func wireAction(a exec.ActionResult) jsonAction {
	return jsonAction{ID: a.ID, Address: a.Addr, Kind: a.Kind.String(), Effect: a.Kind.Effect().String(), Account: a.Account, Outcome: string(a.Outcome),
		Attempts: a.Attempts, Throttles: a.Throttles, DurationSeconds: a.Duration.Seconds(),
		Detail: a.Detail, FlowID: a.FlowID, Error: wireError(a.Err)}
}

func wireKinds(ks []exec.KindSummary) []jsonKind {
	out := make([]jsonKind, 0, len(ks))
	for _, k := range ks {
		out = append(out, jsonKind{Kind: k.Kind.String(), APIAction: k.APIAction, Actions: k.Actions,
			Outcomes: counts(k.Counts), Calls: k.Calls, Throttles: k.Throttles, Quota: k.Quota, Rate: k.Rate})
	}
	return out
}

// JSON writes the report as one indented JSON document (format above).
func JSON(w io.Writer, r *exec.Report) error {
	doc := jsonReport{jsonSummary: summaryOf(r), Actions: make([]jsonAction, 0, len(r.Actions))}
	for _, a := range r.Actions {
		doc.Actions = append(doc.Actions, wireAction(a))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
