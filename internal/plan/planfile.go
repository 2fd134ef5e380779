package plan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/dbplan/dbplan/internal/atomicfile"
)

// Saved plan files are JSON documents with the wire structs below; the
// domain types carry no tags so the file format is decided here, on
// purpose. A Plan holds no secret by construction (passwords are taken
// from the configuration at apply time), so neither does the file.

type fileDoc struct {
	FormatVersion string            `json:"format_version"`
	DbplanVersion string            `json:"dbplan_version"`
	ConfigDigest  string            `json:"config_digest"`
	ObjectDigests map[string]string `json:"object_digests"`
	ConfigDir     string            `json:"config_dir"`
	ConfigDirAbs  string            `json:"config_dir_abs"`
	CreatedAt     time.Time         `json:"created_at"`
	Targets       []string          `json:"targets"`
	Actions       []fileAction      `json:"actions"`
	Unmanaged     []fileUnman       `json:"unmanaged"`
	Unchanged     int               `json:"unchanged"`
	Notes         []fileNote        `json:"notes"`
	// StalePasswords is omitted when empty, so plans without
	// max_password_age read as before.
	StalePasswords []fileStale `json:"stale_passwords,omitempty"`
}

type fileStale struct {
	Addr         string `json:"address"`
	LastSet      string `json:"last_set,omitempty"`
	Basis        string `json:"basis"`
	AgeDays      int    `json:"age_days,omitempty"`
	MaxAge       string `json:"max_age"`
	ResetPlanned bool   `json:"reset_planned,omitempty"`
}

type fileAction struct {
	ID            string            `json:"id"`
	Addr          string            `json:"address"`
	Kind          string            `json:"kind"`
	Target        fileTarget        `json:"target"`
	Params        fileParams        `json:"params"`
	Before        map[string]string `json:"before,omitempty"`
	After         map[string]string `json:"after,omitempty"`
	Reason        string            `json:"reason"`
	Risks         []string          `json:"risks,omitempty"`
	Range         Range             `json:"range"`
	Precondition  filePrecondition  `json:"precondition"`
	DependsOn     []string          `json:"depends_on,omitempty"`
	NeedsPassword bool              `json:"needs_password"`
	SecretAddr    string            `json:"secret_addr,omitempty"`
}

type fileTarget struct {
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

type fileParams struct {
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

type filePrecondition struct {
	Description string `json:"description"`
	Expect      string `json:"expect"`
}

type fileUnman struct {
	Parent string `json:"parent"`
	Kind   string `json:"kind"`
	Name   string `json:"name"`
}

type fileNote struct {
	Severity string `json:"severity"`
	Addr     string `json:"address"`
	Message  string `json:"message"`
}

// Save writes p to path as a versioned plan file, atomically (see
// atomicfile.Write: a crash or a full disk leaves the old file or the new
// one, never a torn one; through a symbolic link the target is replaced;
// a device such as /dev/stdout is written through). A new file gets mode
// 0600.
func Save(path string, p *Plan) error {
	data, err := Encode(p)
	if err != nil {
		return err
	}
	if err := atomicfile.Write(path, data, 0o600); err != nil {
		return fmt.Errorf("save plan %s: %w", path, err)
	}
	return nil
}

// Load reads a plan file written by Save. A file that is missing,
// truncated, corrupt, of another format version or internally
// inconsistent is refused with an error naming the file and saying what
// to do.
func Load(path string) (*Plan, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read plan file: %w", err)
	}
	p, err := Decode(data)
	if err != nil {
		return nil, fmt.Errorf("plan file %s: %w", path, err)
	}
	return p, nil
}

// Encode returns the plan file bytes of p (what Save writes).
func Encode(p *Plan) ([]byte, error) {
	doc := fileDoc{
		FormatVersion: FormatVersion,
		DbplanVersion: p.DbplanVersion,
		ConfigDigest:  p.ConfigDigest,
		ObjectDigests: nonNilMap(p.ObjectDigests),
		ConfigDir:     p.ConfigDir,
		ConfigDirAbs:  p.ConfigDirAbs,
		CreatedAt:     p.CreatedAt,
		Targets:       nonNil(p.Targets),
		Actions:       make([]fileAction, len(p.Actions)),
		Unmanaged:     make([]fileUnman, len(p.Unmanaged)),
		Unchanged:     p.Unchanged,
		Notes:         make([]fileNote, len(p.Notes)),
	}
	for i, a := range p.Actions {
		doc.Actions[i] = toFileAction(a)
	}
	for i, u := range p.Unmanaged {
		doc.Unmanaged[i] = fileUnman(u)
	}
	for i, n := range p.Notes {
		doc.Notes[i] = fileNote{Severity: n.Severity.String(), Addr: n.Addr, Message: n.Message}
	}
	for _, sp := range p.StalePasswords {
		doc.StalePasswords = append(doc.StalePasswords, fileStale(sp))
	}
	data, err := json.MarshalIndent(doc, "", " ")
	if err != nil {
		return nil, fmt.Errorf("encode plan: %w", err)
	}
	return append(data, '\n'), nil
}

// errRemake is the advice appended to every plan file error.
const errRemake = "create the plan again with `dbplan plan -out FILE`"

// Decode parses plan file bytes (what Load reads).
func Decode(data []byte) (*Plan, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("the file is empty (an interrupted write?); %s", errRemake)
	}
	var head struct {
		FormatVersion *string `json:"format_version"`
		DbplanVersion string  `json:"dbplan_version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("not a readable plan file (truncated or corrupt: %v); %s", err, errRemake)
	}
	switch {
	case head.FormatVersion == nil:
		return nil, fmt.Errorf("not a dbplan plan file (no format_version); %s", errRemake)
	case *head.FormatVersion != FormatVersion:
		by := "another dbplan version"
		if head.DbplanVersion != "" {
			by = "dbplan " + head.DbplanVersion
		}
		return nil, fmt.Errorf("written by %s (plan format %s; this dbplan reads plan format %s): apply it with the dbplan that wrote it, or %s",
			by, *head.FormatVersion, FormatVersion, errRemake)
	}
	var doc fileDoc
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("corrupt plan file (%v); %s", err, errRemake)
	}
	p := &Plan{
		DbplanVersion: doc.DbplanVersion,
		ConfigDigest:  doc.ConfigDigest,
		ObjectDigests: doc.ObjectDigests,
		ConfigDir:     doc.ConfigDir,
		ConfigDirAbs:  doc.ConfigDirAbs,
		CreatedAt:     doc.CreatedAt,
		Targets:       doc.Targets,
		Unchanged:     doc.Unchanged,
	}
	var errs []error
	ids := make(map[string]bool, len(doc.Actions))
	for i, fa := range doc.Actions {
		a, err := fromFileAction(fa)
		if err != nil {
			errs = append(errs, fmt.Errorf("action %d (%s): %w", i, fa.ID, err))
			continue
		}
		if ids[a.ID] {
			errs = append(errs, fmt.Errorf("action %d: duplicate id %q", i, a.ID))
		}
		ids[a.ID] = true
		p.Actions = append(p.Actions, a)
	}
	for _, a := range p.Actions {
		for _, d := range a.DependsOn {
			if !ids[d] {
				errs = append(errs, fmt.Errorf("action %s depends on unknown action %q", a.ID, d))
			}
		}
	}
	for _, sp := range doc.StalePasswords {
		p.StalePasswords = append(p.StalePasswords, StalePassword(sp))
	}
	if err := checkNoRecreate(p.Actions); err != nil {
		errs = append(errs, err)
	}
	for _, u := range doc.Unmanaged {
		p.Unmanaged = append(p.Unmanaged, Unmanaged(u))
	}
	for _, n := range doc.Notes {
		sev, ok := ParseSeverity(n.Severity)
		if !ok {
			errs = append(errs, fmt.Errorf("note on %s: unknown severity %q", n.Addr, n.Severity))
		}
		p.Notes = append(p.Notes, Note{Severity: sev, Addr: n.Addr, Message: n.Message})
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("inconsistent plan file: %w; %s", err, errRemake)
	}
	return p, nil
}

func toFileAction(a Action) fileAction {
	return fileAction{
		ID: a.ID, Addr: a.Addr, Kind: a.Kind.String(),
		Target:        fileTarget(a.Target),
		Params:        fileParams(a.Params),
		Before:        a.Before,
		After:         a.After,
		Reason:        a.Reason,
		Risks:         a.Risks,
		Range:         a.Range,
		Precondition:  filePrecondition(a.Precondition),
		DependsOn:     a.DependsOn,
		NeedsPassword: a.NeedsPassword,
		SecretAddr:    a.SecretAddr,
	}
}

func fromFileAction(fa fileAction) (Action, error) {
	k, ok := ParseKind(fa.Kind)
	if !ok {
		return Action{}, fmt.Errorf("unknown kind %q", fa.Kind)
	}
	if fa.Addr == "" || fa.ID != fa.Addr+"#"+k.String() {
		return Action{}, fmt.Errorf("id %q does not match address %q and kind %s", fa.ID, fa.Addr, k)
	}
	if fa.NeedsPassword && fa.SecretAddr == "" {
		return Action{}, errors.New("needs a password but names no secret_addr")
	}
	return Action{
		ID: fa.ID, Addr: fa.Addr, Kind: k,
		Target:        Target(fa.Target),
		Params:        Params(fa.Params),
		Before:        fa.Before,
		After:         fa.After,
		Reason:        fa.Reason,
		Risks:         fa.Risks,
		Range:         fa.Range,
		Precondition:  Precondition(fa.Precondition),
		DependsOn:     fa.DependsOn,
		NeedsPassword: fa.NeedsPassword,
		SecretAddr:    fa.SecretAddr,
	}, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}
