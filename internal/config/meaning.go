package config

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// Meanings returns, for every declared object, a digest of its evaluated
// desired state: the hex SHA-256 of what the object should be, keyed by
// the object's declared address (an instance, an account, an instance's
// ".extranet", a read-only group, a network, a LibraDB cluster, a LibraDB
// account). Instances matched by a selector share their block's entry,
// under the block's address.
//
// A digest covers the object's own settings only, not its children's (an
// instance's digest does not change when one of its accounts does), and
// for a top-level object the settings of the provider it uses that decide
// where its calls go (region, endpoint). It never covers comments,
// formatting, source positions, the order or file of blocks, rate limits,
// or secret values; a password's source (var.NAME) is covered, its value
// never, so a digest is the same whether or not secrets were supplied.
// Saved plans record the digests of the objects they touch so that apply
// can refuse a plan whose objects' meaning changed since, and accept one
// whose configuration changed only elsewhere.
func (c *Config) Meanings() map[string]string {
	providers := make(map[string]*Provider, len(c.Providers))
	for _, p := range c.Providers {
		providers[p.Name] = p
	}
	out := map[string]string{}
	for _, in := range c.Instances {
		out[in.Addr] = digestOf(instanceMeaning(in, providers[in.Provider]))
		if in.Extranet != nil {
			out[in.Addr+extranetSuffix] = digestOf(extranetMeaning{Kind: "extranet", Enabled: in.Extranet.Enabled, IPv6: in.Extranet.IPv6})
		}
		for _, a := range in.Accounts {
			out[a.Addr] = digestOf(accountMeaning{Kind: "account", Name: a.Name, Type: a.Type, TypeDeclared: a.TypeDeclared,
				PasswordSource: a.PasswordSource, Remark: a.Remark, CAM: a.CAM, Locked: a.Locked, Grants: grantsMeaning(a.Grants),
				Absent: a.Absent, ChangedAfter: changedAfter(a.Rotation)})
		}
	}
	for _, g := range c.ROGroups {
		out[g.Addr] = digestOf(placedMeaning{Kind: "postgres_ro_group", ID: g.ROGroupID, MasterInstanceID: g.MasterInstanceID,
			Region: g.Region, Provider: providerOf(providers[g.Provider], g.Provider)})
		for _, n := range g.Networks {
			out[n.Addr] = digestOf(networkMeaning{Kind: "network", VpcID: n.VpcID, SubnetID: n.SubnetID, VIP: n.VIP, Absent: n.Absent})
		}
	}
	for _, cl := range c.LibraClusters {
		out[cl.Addr] = digestOf(placedMeaning{Kind: "libradb_cluster", ID: cl.ClusterID,
			Region: cl.Region, Provider: providerOf(providers[cl.Provider], cl.Provider), Prune: pruneOf(cl.Prune)})
		for _, a := range cl.Accounts {
			out[a.Addr] = digestOf(libraAccountMeaning{Kind: "libradb_account", Name: a.Name, Host: a.Host,
				PasswordSource: a.PasswordSource, Description: a.Description, MaxUserConnections: a.MaxUserConnections,
				Grants: grantsMeaning(a.Grants), Absent: a.Absent, ChangedAfter: changedAfter(a.Rotation)})
		}
	}
	return out
}

// extranetSuffix is appended to an instance address to address its public
// access settings (the extranet block), as plans do.
const extranetSuffix = ".extranet"

// The meaning structs are what a digest covers, encoded as JSON (struct
// fields in declaration order, map keys sorted: deterministic). Kind keeps
// two objects of different types with equal fields apart. A field added
// to the model is classified in TestMeaningsCoverEveryField: either it is
// part of the meaning (and added here) or it is listed there as not.

type providerMeaning struct {
	Name      string            `json:"name"`
	Region    string            `json:"region"`
	Domain    string            `json:"domain"`
	Endpoints map[string]string `json:"endpoints"`
	Endpoint  string            `json:"endpoint"`
}

// placedMeaning is a top-level object: its cloud id and where it lives.
type placedMeaning struct {
	Kind             string           `json:"kind"`
	ID               string           `json:"id,omitempty"`
	Selector         *selectorMeaning `json:"selector,omitempty"`
	MasterInstanceID string           `json:"master_instance_id,omitempty"`
	Region           string           `json:"region"`
	Provider         providerMeaning  `json:"provider"`
	Prune            *pruneMeaning    `json:"prune,omitempty"`
}

// pruneMeaning is a prune_accounts block (Except sorted: its order does
// not matter).
type pruneMeaning struct {
	NamePattern string   `json:"name_pattern"`
	Except      []string `json:"except"`
}

func pruneOf(p *Prune) *pruneMeaning {
	if p == nil {
		return nil
	}
	return &pruneMeaning{NamePattern: p.NamePattern, Except: slices.Sorted(slices.Values(p.Except))}
}

type selectorMeaning struct {
	InstanceIDs []string          `json:"instance_ids"`
	Tags        map[string]string `json:"tags"`
	NamePattern string            `json:"name_pattern"`
}

type extranetMeaning struct {
	Kind    string `json:"kind"`
	Enabled bool   `json:"enabled"`
	IPv6    bool   `json:"ipv6"`
}

type accountMeaning struct {
	Kind           string         `json:"kind"`
	Name           string         `json:"name"`
	Type           string         `json:"type"`
	TypeDeclared   bool           `json:"type_declared"`
	PasswordSource string         `json:"password_source"`
	Remark         *string        `json:"remark"`
	CAM            *bool          `json:"cam"`
	Locked         *bool          `json:"locked"`
	Grants         []grantMeaning `json:"grants"`
	Absent         bool           `json:"absent"`
	ChangedAfter   *time.Time     `json:"password_changed_after"`
}

// grantMeaning is one grant; an account's grants are sorted, as their
// order in the source does not change what they say.
type grantMeaning struct {
	ObjectType string   `json:"object_type"`
	Database   string   `json:"database"`
	Schema     string   `json:"schema"`
	Table      string   `json:"table"`
	Objects    []string `json:"objects"`
	Privileges []string `json:"privileges"`
}

func grantsMeaning(gs []*Grant) []grantMeaning {
	out := make([]grantMeaning, 0, len(gs))
	for _, g := range gs {
		out = append(out, grantMeaning{ObjectType: g.ObjectType, Database: g.Database, Schema: g.Schema, Table: g.Table,
			Objects: g.Objects, Privileges: g.Privileges})
	}
	slices.SortFunc(out, func(a, b grantMeaning) int {
		x, _ := json.Marshal(a)
		y, _ := json.Marshal(b)
		return strings.Compare(string(x), string(y))
	})
	return out
}

type networkMeaning struct {
	Kind     string `json:"kind"`
	VpcID    string `json:"vpc_id"`
	SubnetID string `json:"subnet_id"`
	VIP      string `json:"vip"`
	Absent   bool   `json:"absent"`
}

type libraAccountMeaning struct {
	Kind               string         `json:"kind"`
	Name               string         `json:"name"`
	Host               string         `json:"host"`
	PasswordSource     string         `json:"password_source"`
	Description        *string        `json:"description"`
	MaxUserConnections *int64         `json:"max_user_connections"`
	Grants             []grantMeaning `json:"grants"`
	Absent             bool           `json:"absent"`
	ChangedAfter       *time.Time     `json:"password_changed_after"`
}

func instanceMeaning(in *Instance, p *Provider) placedMeaning {
	m := placedMeaning{Kind: "postgres_instance", ID: in.InstanceID, Region: in.Region, Provider: providerOf(p, in.Provider), Prune: pruneOf(in.Prune)}
	if s := in.Selector; s != nil {
		// The order of instance_ids does not matter to what is selected.
		m.Selector = &selectorMeaning{InstanceIDs: slices.Sorted(slices.Values(s.InstanceIDs)), Tags: s.Tags, NamePattern: s.NamePattern}
	}
	return m
}

// providerOf is the meaning of the provider named name (p may be nil for
// a name no block declares, which the loader has already refused).
func providerOf(p *Provider, name string) providerMeaning {
	if p == nil {
		return providerMeaning{Name: name}
	}
	return providerMeaning{Name: p.Name, Region: p.Region, Domain: p.Domain, Endpoints: p.Endpoints, Endpoint: p.Endpoint}
}

// changedAfter is a rotation's password_changed_after (nil when unset).
// max_password_age only reports, so it is not part of the meaning.
func changedAfter(r *Rotation) *time.Time {
	if r == nil {
		return nil
	}
	return r.ChangedAfter
}

func digestOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		// Only strings, bools, numbers and maps of strings: cannot fail.
		panic("config: encoding a meaning: " + err.Error())
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
