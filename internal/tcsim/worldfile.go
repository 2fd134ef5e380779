package tcsim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// wireTime is the API's date-time layout; the simulator renders sim-clock
// times in UTC+8 (Beijing time, as the service does).
const (
	wireTime     = "2006-01-02 15:04:05"
	zeroWireTime = "0000-00-00 00:00:00"
	defaultTime  = "2026-01-01 00:00:00"
)

var beijing = time.FixedZone("UTC+8", 8*3600)

func formatWire(t time.Time) string { return t.In(beijing).Format(wireTime) }

// LoadWorld reads and validates a world (or state) file. Errors name the
// file and say what is wrong and where.
func LoadWorld(path string) (*World, error) { return loadWorldFile("world", path) }

// loadWorldFile loads a world or state file; kind names it in errors.
func loadWorldFile(kind, path string) (*World, error) {
	b, err := readRegularFile(path, maxWorldBytes)
	if err != nil {
		return nil, fmt.Errorf("read %s file: %w", kind, err)
	}
	w, err := ParseWorld(b)
	if err != nil {
		return nil, fmt.Errorf("%s file %s: %w", kind, path, err)
	}
	return w, nil
}

// ParseWorld decodes and validates a world from its JSON form, fills the
// documented defaults (see WORLD.md) and returns it. Unknown fields are
// errors, so a typo is not silently ignored.
func ParseWorld(b []byte) (*World, error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, errors.New("empty file: expected a JSON object (see internal/tcsim/WORLD.md)")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var w World
	if err := dec.Decode(&w); err != nil {
		return nil, describeJSONError(b, err)
	}
	if dec.More() {
		return nil, errors.New("trailing data after the JSON object")
	}
	if err := w.normalize(); err != nil {
		return nil, err
	}
	return &w, nil
}

// describeJSONError adds a line:column position to JSON errors.
func describeJSONError(b []byte, err error) error {
	var off int64 = -1
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	case errors.Is(err, io.ErrUnexpectedEOF):
		off = int64(len(b))
		err = errors.New("the file ends inside a JSON value (truncated?)")
	}
	if off < 0 {
		return fmt.Errorf("invalid JSON: %w", err)
	}
	line, col := 1, 1
	for _, c := range b[:min(int(off), len(b))] {
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return fmt.Errorf("invalid JSON at line %d, column %d: %w", line, col, err)
}

var (
	instanceStatuses = []string{"applying", "init", "initing", "running", "limited run", "isolating", "isolated",
		"disisolating", "recycling", "recycled", "job running", "offline", "migrating", "expanding", "waitSwitch",
		"switching", "readonly", "restarting", "network changing", "upgrading", "audit-switching", "primary-switching",
		"offlining", "deployment changing", "cloning", "parameter modifying", "log-switching", "restoring"}
	netStatuses     = []string{"initing", "opened", "closed", "opening", "closing"}
	netTypes        = []string{"inner", "private", "public"}
	roGroupStatuses = []string{"creating", "ok", "modifying", "deleting", "deleted"}
)

// normalize fills defaults and validates references and invariants of
// the top-level account and every cloud account.
func (w *World) normalize() error {
	if len(w.Credentials) == 0 {
		w.Credentials = []Credential{{SecretID: DefaultSecretID, SecretKey: DefaultSecretKey}}
	}
	setDefault(&w.UIN, DefaultUIN)
	v := &worldIDs{ids: map[string]bool{}, secretIDs: map[string]bool{}, uins: map[string]bool{}}
	if err := w.normalizeAccount(v); err != nil {
		return err
	}
	for i := range w.CloudAccounts {
		a := &w.CloudAccounts[i]
		if a.UIN == "" {
			return fmt.Errorf("cloud_accounts[%d]: uin is required", i)
		}
		if len(a.CloudAccounts) > 0 {
			return fmt.Errorf("cloud_accounts[%d]: cloud_accounts cannot be nested; list every account at the top level", i)
		}
		if err := a.normalizeAccount(v); err != nil {
			return fmt.Errorf("cloud_accounts[%d]: %w", i, err)
		}
	}
	return nil
}

// worldIDs are the names that must be unique across every account.
type worldIDs struct{ ids, secretIDs, uins map[string]bool }

// normalizeAccount validates one account and fills its defaults.
func (w *World) normalizeAccount(v *worldIDs) error {
	if !isUIN(w.UIN) {
		return fmt.Errorf("uin %q must be 5 to 20 digits", w.UIN)
	}
	if v.uins[w.UIN] {
		return fmt.Errorf("duplicate uin %q", w.UIN)
	}
	v.uins[w.UIN] = true
	for i, c := range w.Credentials {
		if c.SecretID == "" || c.SecretKey == "" {
			return fmt.Errorf("credentials[%d]: secret_id and secret_key are required", i)
		}
		if v.secretIDs[c.SecretID] {
			return fmt.Errorf("credentials[%d]: duplicate secret_id %q", i, c.SecretID)
		}
		v.secretIDs[c.SecretID] = true
	}
	if w.NextTaskID == 0 {
		w.NextTaskID = 1000
	}
	ids := v.ids
	for i := range w.Instances {
		if err := w.Instances[i].normalize(ids); err != nil {
			return fmt.Errorf("instances[%d]: %w", i, err)
		}
	}
	for i := range w.ROGroups {
		if err := w.normalizeGroup(&w.ROGroups[i], ids); err != nil {
			return fmt.Errorf("ro_groups[%d]: %w", i, err)
		}
	}
	for i := range w.LibraDBClusters {
		if err := w.LibraDBClusters[i].normalize(ids); err != nil {
			return fmt.Errorf("libradb_clusters[%d]: %w", i, err)
		}
	}
	for i, t := range w.Tasks {
		if t.ID <= 0 || t.ID >= w.NextTaskID {
			return fmt.Errorf("tasks[%d]: id %d must be positive and below next_task_id %d", i, t.ID, w.NextTaskID)
		}
	}
	return w.normalizeIdentity()
}

func checkID(id, prefix string, ids map[string]bool) error {
	if !strings.HasPrefix(id, prefix) {
		return fmt.Errorf("id %q must start with %q", id, prefix)
	}
	if ids[id] {
		return fmt.Errorf("duplicate id %q", id)
	}
	ids[id] = true
	return nil
}

func checkTime(field string, v *string, def string) error {
	if *v == "" {
		*v = def
		return nil
	}
	if *v == zeroWireTime {
		return nil
	}
	if _, err := time.Parse(wireTime, *v); err != nil {
		return fmt.Errorf("%s %q must look like %q", field, *v, wireTime)
	}
	return nil
}

func (in *Instance) normalize(ids map[string]bool) error {
	prefix := "postgres-"
	if strings.HasPrefix(in.ID, "pgro-") {
		prefix = "pgro-"
	}
	if err := checkID(in.ID, prefix, ids); err != nil {
		return err
	}
	if !slices.Contains(postgresRegions, in.Region) {
		return fmt.Errorf("instance %s: region %q is not a postgres region (%s)", in.ID, in.Region, strings.Join(postgresRegions, ", "))
	}
	setDefault(&in.Status, "running")
	if !slices.Contains(instanceStatuses, in.Status) {
		return fmt.Errorf("instance %s: unknown status %q", in.ID, in.Status)
	}
	setDefault(&in.Zone, in.Region+"-1")
	setDefault(&in.Name, in.ID)
	setDefault(&in.Type, "primary")
	setDefault(&in.PayType, "postpaid")
	setDefault(&in.DBVersion, "16.4")
	if err := checkTime("create_time", &in.CreateTime, defaultTime); err != nil {
		return fmt.Errorf("instance %s: %w", in.ID, err)
	}
	hasPublic := false
	for j := range in.NetInfos {
		n := &in.NetInfos[j]
		if err := normalizeNet(n); err != nil {
			return fmt.Errorf("instance %s: net_infos[%d]: %w", in.ID, j, err)
		}
		hasPublic = hasPublic || (n.NetType == "public" && !n.IPv6)
	}
	if !hasPublic {
		in.NetInfos = append(in.NetInfos, NetInfo{NetType: "public", Status: "initing"})
	}
	names := map[string]bool{}
	for j := range in.Accounts {
		a := &in.Accounts[j]
		if a.UserName == "" {
			return fmt.Errorf("instance %s: accounts[%d]: user_name is required", in.ID, j)
		}
		if names[a.UserName] {
			return fmt.Errorf("instance %s: accounts[%d]: duplicate user_name %q", in.ID, j, a.UserName)
		}
		names[a.UserName] = true
		setDefault(&a.UserType, "normal")
		if a.UserType != "normal" && a.UserType != "tencentDBSuper" {
			return fmt.Errorf("instance %s: account %s: user_type must be normal or tencentDBSuper", in.ID, a.UserName)
		}
		if a.Status == 0 {
			a.Status = 2
		}
		if err := checkTime("create_time", &a.CreateTime, in.CreateTime); err != nil {
			return fmt.Errorf("instance %s: account %s: %w", in.ID, a.UserName, err)
		}
		if err := checkTime("update_time", &a.UpdateTime, a.CreateTime); err != nil {
			return fmt.Errorf("instance %s: account %s: %w", in.ID, a.UserName, err)
		}
		if err := checkTime("password_update_time", &a.PasswordUpdateTime, zeroWireTime); err != nil {
			return fmt.Errorf("instance %s: account %s: %w", in.ID, a.UserName, err)
		}
	}
	if err := in.normalizeCatalog(); err != nil {
		return fmt.Errorf("instance %s: %w", in.ID, err)
	}
	return nil
}

func normalizeNet(n *NetInfo) error {
	if !slices.Contains(netTypes, n.NetType) {
		return fmt.Errorf("net_type %q must be one of %s", n.NetType, strings.Join(netTypes, ", "))
	}
	if !slices.Contains(netStatuses, n.Status) {
		return fmt.Errorf("status %q must be one of %s", n.Status, strings.Join(netStatuses, ", "))
	}
	if n.IPv6 && n.NetType != "public" {
		return errors.New("ipv6 is only meaningful on a public entry")
	}
	return nil
}

func (w *World) normalizeGroup(g *ROGroup, ids map[string]bool) error {
	if err := checkID(g.ID, "pgrogrp-", ids); err != nil {
		return err
	}
	var master *Instance
	for i := range w.Instances {
		if w.Instances[i].ID == g.MasterInstanceID {
			master = &w.Instances[i]
		}
	}
	if master == nil {
		return fmt.Errorf("group %s: master_instance_id %q is not an instance of this world", g.ID, g.MasterInstanceID)
	}
	setDefault(&g.Region, master.Region)
	if g.Region != master.Region {
		return fmt.Errorf("group %s: region %q differs from its master's %q", g.ID, g.Region, master.Region)
	}
	setDefault(&g.Zone, master.Zone)
	setDefault(&g.Name, g.ID)
	setDefault(&g.Status, "ok")
	if !slices.Contains(roGroupStatuses, g.Status) {
		return fmt.Errorf("group %s: unknown status %q", g.ID, g.Status)
	}
	if err := checkTime("create_time", &g.CreateTime, defaultTime); err != nil {
		return fmt.Errorf("group %s: %w", g.ID, err)
	}
	if len(g.Networks) > maxGroupNetworks {
		return fmt.Errorf("group %s: %d networks, at most %d allowed", g.ID, len(g.Networks), maxGroupNetworks)
	}
	for j := range g.Networks {
		n := &g.Networks[j]
		if err := normalizeNet(n); err != nil {
			return fmt.Errorf("group %s: networks[%d]: %w", g.ID, j, err)
		}
		if n.Port == 0 {
			n.Port = 5432
		}
		setDefault(&n.ProtocolType, "postgresql")
	}
	return nil
}

func (c *Cluster) normalize(ids map[string]bool) error {
	if err := checkID(c.ID, "libradb-", ids); err != nil {
		return err
	}
	if !slices.Contains(cynosdbRegions, c.Region) {
		return fmt.Errorf("cluster %s: region %q is not a LibraDB region (%s)", c.ID, c.Region, strings.Join(cynosdbRegions, ", "))
	}
	setDefault(&c.Name, c.ID)
	setDefault(&c.Zone, c.Region+"-1")
	setDefault(&c.Status, "running")
	setDefault(&c.DBVersion, "8.0")
	if err := checkTime("create_time", &c.CreateTime, defaultTime); err != nil {
		return fmt.Errorf("cluster %s: %w", c.ID, err)
	}
	seen := map[string]bool{}
	for j := range c.Accounts {
		a := &c.Accounts[j]
		if a.AccountName == "" {
			return fmt.Errorf("cluster %s: accounts[%d]: account_name is required", c.ID, j)
		}
		setDefault(&a.Host, "%")
		k := a.AccountName + "@" + a.Host
		if seen[k] {
			return fmt.Errorf("cluster %s: accounts[%d]: duplicate account %s", c.ID, j, k)
		}
		seen[k] = true
		if err := checkTime("create_time", &a.CreateTime, c.CreateTime); err != nil {
			return fmt.Errorf("cluster %s: account %s: %w", c.ID, k, err)
		}
		if err := checkTime("update_time", &a.UpdateTime, a.CreateTime); err != nil {
			return fmt.Errorf("cluster %s: account %s: %w", c.ID, k, err)
		}
	}
	if err := c.normalizeCatalog(); err != nil {
		return fmt.Errorf("cluster %s: %w", c.ID, err)
	}
	return nil
}

// setDefault sets *p to def when it is empty (a field the world file left
// out).
func setDefault(p *string, def string) {
	if *p == "" {
		*p = def
	}
}
