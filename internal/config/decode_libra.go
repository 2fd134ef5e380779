package config

import (
	"fmt"
	"math/big"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

func libraSchema() *hcl.BodySchema {
	return &hcl.BodySchema{
		Attributes: []hcl.AttributeSchema{
			{Name: "for_each"}, {Name: "cluster_id"}, {Name: "region"}, {Name: "provider"},
			{Name: "max_password_age"},
		},
		Blocks: []hcl.BlockHeaderSchema{{Type: "account", LabelNames: []string{"name"}}, {Type: "prune_accounts"}},
	}
}

func libraAccountSchema() *hcl.BodySchema {
	return &hcl.BodySchema{
		Attributes: []hcl.AttributeSchema{
			{Name: "host"}, {Name: "password"}, {Name: "description"}, {Name: "max_user_connections"}, {Name: "grants"},
			{Name: "absent"}, {Name: "password_changed_after"}, {Name: "max_password_age"},
		},
		Blocks: []hcl.BlockHeaderSchema{{Type: "grant"}},
	}
}

// decodeLibraClusters decodes one libradb_cluster block into one
// LibraCluster per for_each key.
func (l *loader) decodeLibraClusters(b *hcl.Block) {
	for _, e := range l.expand(b) {
		content, diags := e.body.Content(libraSchema())
		l.diags = append(l.diags, diags...)
		c := &LibraCluster{Addr: e.addr, DeclRange: b.DefRange}
		attrs := content.Attributes
		if id, a, ok := l.stringAttr(attrs, "cluster_id", e.ctx); ok {
			if err := CheckClusterID(id); err != nil {
				l.errorf(a.Expr.Range(), "Invalid cluster ID", "%s.", capitalize(err.Error()))
			}
			c.ClusterID = id
		} else if attrs["cluster_id"] == nil {
			l.errorf(b.DefRange, "Missing cluster_id", "A libradb_cluster needs cluster_id = \"libradb-…\".")
		}
		p, ok := l.resolveProvider(attrs["provider"])
		if ok {
			c.Provider = p.Name
		}
		c.Region = l.region(attrs, e.ctx, p, b.DefRange, CheckLibraRegion)
		var prunes []*hcl.Block
		maxAge, maxAgeText := l.maxAgeAttr(attrs, e.ctx)
		for _, ab := range content.Blocks {
			if ab.Type == "prune_accounts" {
				prunes = append(prunes, ab)
				continue
			}
			if acct := l.decodeLibraAccount(ab, c.Addr, e.ctx, maxAge, maxAgeText); acct != nil {
				c.Accounts = append(c.Accounts, acct)
			}
		}
		l.onlyOne(prunes)
		if len(prunes) > 0 {
			c.Prune = l.decodePrune(prunes[0], e.ctx, libraSystem, libraSystemList)
		}
		l.cfg.LibraClusters = append(l.cfg.LibraClusters, c)
	}
}

func (l *loader) decodeLibraAccount(b *hcl.Block, parent string, ctx *hcl.EvalContext, maxAge time.Duration, maxAgeText string) *LibraAccount {
	content, diags := b.Body.Content(libraAccountSchema())
	l.diags = append(l.diags, diags...)
	name := b.Labels[0]
	if err := CheckLibraAccountName(name); err != nil {
		l.errorf(b.LabelRanges[0], "Invalid account name", "%s. Rename the account.", capitalize(err.Error()))
	}
	acct := &LibraAccount{Name: name, Host: "%", DeclRange: b.DefRange}
	attrs := content.Attributes
	if h, a, ok := l.stringAttr(attrs, "host", ctx); ok {
		if err := CheckLibraHost(h); err != nil {
			l.errorf(a.Expr.Range(), "Invalid host", "%s. Write \"%%\" for any host, or one IPv4 address.", capitalize(err.Error()))
		}
		acct.Host = h
	}
	acct.Addr = parent + ".account." + name
	if acct.Host != "%" {
		acct.Addr += fmt.Sprintf("[%q]", acct.Host)
	}
	acct.Password, acct.PasswordSource = l.secretAttr(attrs["password"], ctx, CheckLibraPassword)
	acct.Grants = l.decodeGrants(content.Blocks, attrs["grants"], ctx, libraGrants)
	if d, _, ok := l.stringAttr(attrs, "description", ctx); ok {
		acct.Description = &d
	}
	acct.Absent = l.absentAttr(attrs, ctx, "account", "host")
	l.absentBlocks(acct.Absent, content.Blocks, "account")
	if !acct.Absent {
		acct.Rotation = l.decodeRotation(attrs, ctx, maxAge, maxAgeText, acct.PasswordSource != "", false)
	}
	l.checkNotSystem(attrs, name, libraSystem, libraSystemList)
	if a := attrs["max_user_connections"]; a != nil {
		if v, ok := l.attrValue(a, ctx, cty.Number); ok && !v.IsNull() {
			bf := v.AsBigFloat()
			n, acc := bf.Int64()
			if !bf.IsInt() || acc != big.Exact {
				l.errorf(a.Expr.Range(), "Invalid max_user_connections", "max_user_connections must be a whole number between 1 and %d.", MaxLibraUserConnections)
			} else if err := CheckLibraMaxUserConnections(n); err != nil {
				l.errorf(a.Expr.Range(), "Invalid max_user_connections", "%s.", capitalize(err.Error()))
			} else {
				acct.MaxUserConnections = &n
			}
		}
	}
	return acct
}
