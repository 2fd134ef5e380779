package config

import (
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

func instanceSchema() *hcl.BodySchema {
	return &hcl.BodySchema{
		Attributes: []hcl.AttributeSchema{
			{Name: "for_each"}, {Name: "instance_id"}, {Name: "region"}, {Name: "provider"},
			{Name: "max_password_age"},
		},
		Blocks: []hcl.BlockHeaderSchema{
			{Type: "selector"}, {Type: "extranet"}, {Type: "prune_accounts"},
			{Type: "account", LabelNames: []string{"name"}},
		},
	}
}

func selectorSchema() *hcl.BodySchema {
	return &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
		{Name: "instance_ids"}, {Name: "tags"}, {Name: "name_pattern"},
	}}
}

func extranetSchema() *hcl.BodySchema {
	return &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
		{Name: "enabled", Required: true}, {Name: "ipv6"},
	}}
}

func accountSchema() *hcl.BodySchema {
	return &hcl.BodySchema{
		Attributes: []hcl.AttributeSchema{
			{Name: "type"}, {Name: "password"}, {Name: "remark"}, {Name: "cam"}, {Name: "locked"}, {Name: "grants"},
			{Name: "absent"}, {Name: "password_changed_after"}, {Name: "max_password_age"},
		},
		Blocks: []hcl.BlockHeaderSchema{{Type: "grant"}},
	}
}

// decodeInstances decodes one postgres_instance block into one Instance
// per for_each key.
func (l *loader) decodeInstances(b *hcl.Block) {
	for _, e := range l.expand(b) {
		content, diags := e.body.Content(instanceSchema())
		l.diags = append(l.diags, diags...)
		inst := &Instance{Addr: e.addr, DeclRange: b.DefRange}
		attrs := content.Attributes

		if id, a, ok := l.stringAttr(attrs, "instance_id", e.ctx); ok {
			if err := CheckInstanceID(id); err != nil {
				l.errorf(a.Expr.Range(), "Invalid instance ID", "%s.", capitalize(err.Error()))
			}
			inst.InstanceID = id
		}
		var selectors, extranets, prunes, accounts []*hcl.Block
		for _, nb := range content.Blocks {
			switch nb.Type {
			case "selector":
				selectors = append(selectors, nb)
			case "extranet":
				extranets = append(extranets, nb)
			case "prune_accounts":
				prunes = append(prunes, nb)
			case "account":
				accounts = append(accounts, nb)
			}
		}
		l.onlyOne(selectors)
		l.onlyOne(extranets)
		l.onlyOne(prunes)
		if len(prunes) > 0 {
			inst.Prune = l.decodePrune(prunes[0], e.ctx, postgresSystem, postgresSystemList)
		}
		if len(selectors) > 0 {
			inst.Selector = l.decodeSelector(selectors[0], e.ctx)
		}
		switch {
		case attrs["instance_id"] != nil && len(selectors) > 0:
			l.errorf(attrs["instance_id"].NameRange, "Conflicting instance_id and selector", "A postgres_instance names one instance with instance_id or many with a selector block, not both. Remove one of them.")
		case attrs["instance_id"] == nil && len(selectors) == 0:
			l.errorf(b.DefRange, "Missing instance_id", "A postgres_instance needs instance_id = \"postgres-…\" or a selector block choosing the instances.")
		}

		p, ok := l.resolveProvider(attrs["provider"])
		if ok {
			inst.Provider = p.Name
		}
		inst.Region = l.region(attrs, e.ctx, p, b.DefRange, CheckPostgresRegion)
		if len(extranets) > 0 {
			inst.Extranet = l.decodeExtranet(extranets[0], e.ctx)
		}
		maxAge, maxAgeText := l.maxAgeAttr(attrs, e.ctx)
		for _, ab := range accounts {
			if acct := l.decodeAccount(ab, inst.Addr, e.ctx, maxAge, maxAgeText); acct != nil {
				inst.Accounts = append(inst.Accounts, acct)
			}
		}
		l.cfg.Instances = append(l.cfg.Instances, inst)
	}
}

// onlyOne reports every block after the first of a kind that may appear
// once.
func (l *loader) onlyOne(blocks []*hcl.Block) {
	for _, b := range blocks[min(1, len(blocks)):] {
		l.errorf(b.DefRange, "Duplicate "+b.Type+" block", "Only one %s block is allowed here; the first is at %s. Merge them into one.", b.Type, where(blocks[0].DefRange))
	}
}

func (l *loader) decodeSelector(b *hcl.Block, ctx *hcl.EvalContext) *Selector {
	content, diags := b.Body.Content(selectorSchema())
	l.diags = append(l.diags, diags...)
	s := &Selector{DeclRange: b.DefRange}
	attrs := content.Attributes
	if a := attrs["instance_ids"]; a != nil {
		if v, ok := l.attrValue(a, ctx, cty.List(cty.String)); ok && !v.IsNull() {
			for it := v.ElementIterator(); it.Next(); {
				_, e := it.Element()
				if e.IsNull() {
					continue
				}
				id := e.AsString()
				if err := CheckInstanceID(id); err != nil {
					l.errorf(a.Expr.Range(), "Invalid instance ID", "%s.", capitalize(err.Error()))
				}
				s.InstanceIDs = append(s.InstanceIDs, id)
			}
		}
	}
	if a := attrs["tags"]; a != nil {
		if v, ok := l.attrValue(a, ctx, cty.Map(cty.String)); ok && !v.IsNull() {
			s.Tags = map[string]string{}
			for it := v.ElementIterator(); it.Next(); {
				k, e := it.Element()
				if !e.IsNull() {
					s.Tags[k.AsString()] = e.AsString()
				}
			}
		}
	}
	if pat, a, ok := l.stringAttr(attrs, "name_pattern", ctx); ok {
		if err := CheckNamePattern(pat); err != nil {
			l.errorf(a.Expr.Range(), "Invalid name pattern", "%s. Use shell glob syntax: * any text, ? one character, [abc] a class.", capitalize(err.Error()))
		}
		s.NamePattern = pat
	}
	if len(attrs) == 0 {
		l.errorf(b.DefRange, "Empty selector", "A selector needs at least one of instance_ids, tags or name_pattern. To target every instance of the region, write name_pattern = \"*\".")
	}
	return s
}

func (l *loader) decodeExtranet(b *hcl.Block, ctx *hcl.EvalContext) *Extranet {
	content, diags := b.Body.Content(extranetSchema())
	l.diags = append(l.diags, diags...)
	x := &Extranet{DeclRange: b.DefRange}
	if v := l.boolAttr(content.Attributes, "enabled", ctx); v != nil {
		x.Enabled = *v
	}
	if v := l.boolAttr(content.Attributes, "ipv6", ctx); v != nil {
		x.IPv6 = *v
	}
	return x
}

func (l *loader) decodeAccount(b *hcl.Block, parent string, ctx *hcl.EvalContext, maxAge time.Duration, maxAgeText string) *Account {
	content, diags := b.Body.Content(accountSchema())
	l.diags = append(l.diags, diags...)
	name := b.Labels[0]
	if err := CheckAccountName(name); err != nil {
		l.errorf(b.LabelRanges[0], "Invalid account name", "%s. Rename the account.", capitalize(err.Error()))
	}
	acct := &Account{Addr: parent + ".account." + name, Name: name, Type: AccountTypeNormal, DeclRange: b.DefRange}
	attrs := content.Attributes
	if t, a, ok := l.stringAttr(attrs, "type", ctx); ok {
		if err := CheckAccountType(t); err != nil {
			l.errorf(a.Expr.Range(), "Invalid account type", "%s; %q is not one of them.", capitalize(err.Error()), t)
		}
		acct.Type, acct.TypeDeclared = t, true
	}
	acct.Password, acct.PasswordSource = l.secretAttr(attrs["password"], ctx, CheckPostgresPassword)
	if r, a, ok := l.stringAttr(attrs, "remark", ctx); ok {
		if err := CheckRemark(r); err != nil {
			l.errorf(a.Expr.Range(), "Invalid remark", "%s.", capitalize(err.Error()))
		}
		acct.Remark = &r
	}
	acct.CAM = l.boolAttr(attrs, "cam", ctx)
	acct.Locked = l.boolAttr(attrs, "locked", ctx)
	acct.Grants = l.decodeGrants(content.Blocks, attrs["grants"], ctx, postgresGrants)
	acct.Absent = l.absentAttr(attrs, ctx, "account")
	if !acct.Absent {
		acct.Rotation = l.decodeRotation(attrs, ctx, maxAge, maxAgeText, acct.PasswordSource != "", acct.CAM == nil || *acct.CAM)
	}
	l.absentBlocks(acct.Absent, content.Blocks, "account")
	l.checkNotSystem(attrs, name, postgresSystem, postgresSystemList)
	return acct
}
