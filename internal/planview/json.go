package planview

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/dbplan/dbplan/internal/plan"
)

// FormatVersion is the version of the JSON document JSON writes. It
// changes (major) when a field is removed or changes meaning; adding a
// field does not change it. See JSON.md.
const FormatVersion = "1"

// The wire structs of the JSON view live here, with their tags; the
// domain types have none. Every list is present (never null) so
// consumers need no null checks.
type jsonPlan struct {
	FormatVersion string          `json:"format_version"`
	ConfigDigest  string          `json:"config_digest"`
	CreatedAt     time.Time       `json:"created_at,omitzero"`
	Targets       []string        `json:"targets"`
	Actions       []jsonAction    `json:"actions"`
	Unmanaged     []jsonUnmanaged `json:"unmanaged"`
	Notes         []jsonNote      `json:"notes"`
	// StalePasswords are the max_password_age findings (see JSON.md).
	StalePasswords []jsonStale `json:"stale_passwords"`
	Summary        jsonSummary `json:"summary"`
}

type jsonStale struct {
	Address      string `json:"address"`
	LastSet      string `json:"last_set"`
	Basis        string `json:"basis"`
	AgeDays      int    `json:"age_days"`
	MaxAge       string `json:"max_age"`
	ResetPlanned bool   `json:"reset_planned"`
}

type jsonAction struct {
	ID            string           `json:"id"`
	Address       string           `json:"address"`
	Kind          string           `json:"kind"`
	Effect        string           `json:"effect"`
	APIAction     string           `json:"api_action"`
	Target        jsonTarget       `json:"target"`
	Params        jsonParams       `json:"params"`
	Before        map[string]any   `json:"before"`
	After         map[string]any   `json:"after"`
	Reason        string           `json:"reason"`
	Risks         []string         `json:"risks"`
	Range         jsonRange        `json:"range"`
	Precondition  jsonPrecondition `json:"precondition"`
	DependsOn     []string         `json:"depends_on"`
	NeedsPassword bool             `json:"needs_password"`
}

type jsonTarget struct {
	Provider         string `json:"provider,omitempty"`
	Region           string `json:"region,omitempty"`
	InstanceID       string `json:"instance_id,omitempty"`
	ROGroupID        string `json:"ro_group_id,omitempty"`
	MasterInstanceID string `json:"master_instance_id,omitempty"`
	ClusterID        string `json:"cluster_id,omitempty"`
	UserName         string `json:"user_name,omitempty"`
	Host             string `json:"host,omitempty"`
	ObjectType       string `json:"object_type,omitempty"`
	Database         string `json:"database,omitempty"`
	Schema           string `json:"schema,omitempty"`
	Table            string `json:"table,omitempty"`
	Object           string `json:"object,omitempty"`
}

type jsonParams struct {
	AccountType          string              `json:"account_type,omitempty"`
	Remark               *string             `json:"remark,omitempty"`
	OpenCAM              bool                `json:"open_cam,omitempty"`
	IPv6                 bool                `json:"ipv6,omitempty"`
	PasswordChangedAfter string              `json:"password_changed_after,omitempty"`
	VpcID                string              `json:"vpc_id,omitempty"`
	SubnetID             string              `json:"subnet_id,omitempty"`
	VIP                  string              `json:"vip,omitempty"`
	Description          *string             `json:"description,omitempty"`
	MaxUserConnections   *int64              `json:"max_user_connections,omitempty"`
	Grant                []string            `json:"grant,omitempty"`
	Revoke               []string            `json:"revoke,omitempty"`
	LibraPrivileges      map[string][]string `json:"libradb_privileges,omitempty"`
}

type jsonRange struct {
	Filename string `json:"filename"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
}

type jsonPrecondition struct {
	Description string `json:"description"`
	Expect      string `json:"expect"`
}

type jsonUnmanaged struct {
	Parent string `json:"parent"`
	Kind   string `json:"kind"`
	Name   string `json:"name"`
}

type jsonNote struct {
	Severity string `json:"severity"`
	Address  string `json:"address"`
	Message  string `json:"message"`
}

type jsonSummary struct {
	Create    int `json:"create"`
	Change    int `json:"change"`
	Destroy   int `json:"destroy"`
	Unchanged int `json:"unchanged"`
	Unmanaged int `json:"unmanaged"`
}

// JSON writes the plan as one indented JSON document with a
// "format_version" (FormatVersion), for machines. The format is
// documented in JSON.md and is the only output format that is a
// contract.
func JSON(w io.Writer, p *plan.Plan) error {
	doc := jsonPlan{
		FormatVersion:  FormatVersion,
		ConfigDigest:   p.ConfigDigest,
		CreatedAt:      p.CreatedAt,
		Targets:        orEmpty(p.Targets),
		Actions:        make([]jsonAction, len(p.Actions)),
		Unmanaged:      make([]jsonUnmanaged, len(p.Unmanaged)),
		Notes:          make([]jsonNote, len(p.Notes)),
		StalePasswords: make([]jsonStale, len(p.StalePasswords)),
	}
	for i, sp := range p.StalePasswords {
		doc.StalePasswords[i] = jsonStale{Address: sp.Addr, LastSet: sp.LastSet, Basis: sp.Basis, AgeDays: sp.AgeDays,
			MaxAge: sp.MaxAge, ResetPlanned: sp.ResetPlanned}
	}
	for i, a := range p.Actions {
		doc.Actions[i] = jsonAction{
			ID:            a.ID,
			Address:       a.Addr,
			Kind:          a.Kind.String(),
			Effect:        a.Kind.Effect().String(),
			APIAction:     a.Kind.APIAction(),
			Target:        jsonTarget(a.Target),
			Params:        jsonParams(a.Params),
			Before:        literalValues(a.Before),
			After:         literalValues(a.After),
			Reason:        a.Reason,
			Risks:         orEmpty(a.Risks),
			Range:         jsonRange(a.Range),
			Precondition:  jsonPrecondition(a.Precondition),
			DependsOn:     orEmpty(a.DependsOn),
			NeedsPassword: a.NeedsPassword,
		}
	}
	for i, u := range p.Unmanaged {
		doc.Unmanaged[i] = jsonUnmanaged(u)
	}
	for i, n := range p.Notes {
		doc.Notes[i] = jsonNote{Severity: n.Severity.String(), Address: n.Addr, Message: n.Message}
	}
	s := p.Summary()
	doc.Summary = jsonSummary{Create: s.Create, Change: s.Change, Destroy: s.Destroy, Unchanged: s.Unchanged, Unmanaged: s.Unmanaged}

	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write plan json: %w", err)
	}
	return nil
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// literalValues turns the HCL literals of Action.Before/After into JSON
// values: quoted text becomes a string, true/false a boolean, digits a
// number, a list of quoted texts an array of strings; anything else, including the password marker "(sensitive)",
// stays the string it is.
func literalValues(m map[string]string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = literalValue(v)
	}
	return out
}

func literalValue(v string) any {
	if strings.HasPrefix(v, "[") {
		var list []string
		if err := json.Unmarshal([]byte(v), &list); err == nil {
			return list
		}
	}
	if strings.HasPrefix(v, `"`) {
		if s, err := strconv.Unquote(v); err == nil {
			return s
		}
	}
	if b, err := strconv.ParseBool(v); err == nil && (v == "true" || v == "false") {
		return b
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return n
	}
	return v
}
