package config

import (
	"github.com/hashicorp/hcl/v2"
)

func roGroupSchema() *hcl.BodySchema {
	return &hcl.BodySchema{
		Attributes: []hcl.AttributeSchema{
			{Name: "for_each"}, {Name: "ro_group_id"}, {Name: "master_instance_id"},
			{Name: "region"}, {Name: "provider"},
		},
		Blocks: []hcl.BlockHeaderSchema{{Type: "network"}},
	}
}

func networkSchema() *hcl.BodySchema {
	return &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
		{Name: "vpc_id", Required: true}, {Name: "subnet_id", Required: true}, {Name: "vip"}, {Name: "absent"},
	}}
}

// decodeROGroups decodes one postgres_ro_group block into one ROGroup per
// for_each key.
func (l *loader) decodeROGroups(b *hcl.Block) {
	for _, e := range l.expand(b) {
		content, diags := e.body.Content(roGroupSchema())
		l.diags = append(l.diags, diags...)
		g := &ROGroup{Addr: e.addr, DeclRange: b.DefRange}
		attrs := content.Attributes
		if id, a, ok := l.stringAttr(attrs, "ro_group_id", e.ctx); ok {
			if err := CheckROGroupID(id); err != nil {
				l.errorf(a.Expr.Range(), "Invalid read-only group ID", "%s.", capitalize(err.Error()))
			}
			g.ROGroupID = id
		} else if attrs["ro_group_id"] == nil {
			l.errorf(b.DefRange, "Missing ro_group_id", "A postgres_ro_group needs ro_group_id = \"pgrogrp-…\", the id of the read-only group.")
		}
		if id, a, ok := l.stringAttr(attrs, "master_instance_id", e.ctx); ok {
			if err := CheckInstanceID(id); err != nil {
				l.errorf(a.Expr.Range(), "Invalid instance ID", "%s.", capitalize(err.Error()))
			}
			g.MasterInstanceID = id
		} else if attrs["master_instance_id"] == nil {
			l.errorf(b.DefRange, "Missing master_instance_id", "A postgres_ro_group needs master_instance_id = \"postgres-…\", the primary instance of the group: the API lists read-only groups only by their master instance.")
		}
		p, ok := l.resolveProvider(attrs["provider"])
		if ok {
			g.Provider = p.Name
		}
		g.Region = l.region(attrs, e.ctx, p, b.DefRange, CheckPostgresRegion)
		for _, nb := range content.Blocks {
			if n := l.decodeNetwork(nb, g.Addr, e.ctx); n != nil {
				g.Networks = append(g.Networks, n)
			}
		}
		l.cfg.ROGroups = append(l.cfg.ROGroups, g)
	}
}

func (l *loader) decodeNetwork(b *hcl.Block, parent string, ctx *hcl.EvalContext) *Network {
	content, diags := b.Body.Content(networkSchema())
	l.diags = append(l.diags, diags...)
	n := &Network{DeclRange: b.DefRange}
	attrs := content.Attributes
	vpc, a, ok := l.stringAttr(attrs, "vpc_id", ctx)
	if ok {
		if err := CheckVpcID(vpc); err != nil {
			l.errorf(a.Expr.Range(), "Invalid VPC ID", "%s.", capitalize(err.Error()))
		}
	}
	subnet, a, ok2 := l.stringAttr(attrs, "subnet_id", ctx)
	if ok2 {
		if err := CheckSubnetID(subnet); err != nil {
			l.errorf(a.Expr.Range(), "Invalid subnet ID", "%s.", capitalize(err.Error()))
		}
	}
	if vip, a, ok := l.stringAttr(attrs, "vip", ctx); ok {
		if err := CheckVIP(vip); err != nil {
			l.errorf(a.Expr.Range(), "Invalid VIP", "%s. Give an IPv4 address inside the subnet, or omit vip to have one assigned.", capitalize(err.Error()))
		}
		n.VIP = vip
	}
	n.Absent = l.absentAttr(attrs, ctx, "network", "vpc_id", "subnet_id", "vip")
	if !ok || !ok2 {
		return nil
	}
	n.VpcID, n.SubnetID = vpc, subnet
	n.Addr = parent + ".network[" + vpc + "/" + subnet + "]"
	return n
}
