package tcsim

import (
	"fmt"
	"net/netip"
)

// maxGroupNetworks is the documented network limit of an RO group.
const maxGroupNetworks = 2

type extranetReq struct {
	DBInstanceId *string `tc:"required" json:"DBInstanceId"`
	IsIpv6       *int64  `json:"IsIpv6"`
}

type flowResp struct {
	FlowId int64
	TaskId int64
}

func (s *Server) openDBExtranetAccess(c *call) (any, *apiError) {
	return s.extranet(c, "OpenDBExtranetAccess", true)
}

func (s *Server) closeDBExtranetAccess(c *call) (any, *apiError) {
	return s.extranet(c, "CloseDBExtranetAccess", false)
}

// extranet starts an open or close flow on the instance's public (IPv4 or
// IPv6) entry. The instance is "network changing" until the flow ends.
// Opening an opened entry (or closing a closed one) is accepted and runs a
// flow that changes nothing (idempotency is UNCONFIRMED; see doc.go).
func (s *Server) extranet(c *call, name string, open bool) (any, *apiError) {
	var req extranetReq
	if aerr := decodeParams(c.body, &req); aerr != nil {
		return nil, aerr
	}
	ipv6, aerr := intParam("IsIpv6", req.IsIpv6, 0, 0, 1)
	if aerr != nil {
		return nil, aerr
	}
	in, aerr := s.instanceLocked(c, *req.DBInstanceId)
	if aerr != nil {
		return nil, aerr
	}
	if open && ipv6 == 1 && !in.SupportIpv6 {
		return nil, errf(codeIpv6NotSupported, "The instance %s does not support IPv6.", in.ID)
	}
	if in.Status != "running" {
		return nil, errf(codeInstanceStatusOp, "The instance %s is %q; this operation needs it running. Try again later.", in.ID, in.Status)
	}
	if code := s.opts.Variants.ReopenExtranet; code != "" {
		n := publicNet(in, ipv6 == 1, false)
		switch {
		case open && n != nil && n.Status == "opened":
			return nil, errf(code, "Public access of instance %s is already opened.", in.ID)
		case !open && (n == nil || n.Status == "closed" || n.Status == "initing"):
			return nil, errf(code, "Public access of instance %s is already closed.", in.ID)
		}
	}
	s.noteStaleLocked("i/"+in.ID, in.NetInfos, in.Status)
	n := publicNet(in, ipv6 == 1, open)
	switch {
	case n == nil: // closing an IPv6 entry that was never opened
	case open && n.Status != "opened":
		n.Status = "opening"
		s.assignPublicAddress(in, n)
	case !open && n.Status == "opened":
		n.Status = "closing"
	}
	in.Status = "network changing"
	id := s.startTaskLocked(c, Task{Type: name, InstanceID: in.ID, IPv6: ipv6 == 1},
		map[string]any{"DBInstanceId": in.ID, "IsIpv6": ipv6})
	return flowResp{id, id}, nil
}

// assignPublicAddress gives an opening public entry its address, stable
// per instance.
func (s *Server) assignPublicAddress(in *Instance, n *NetInfo) {
	h := mix64(hashString(in.ID) ^ uint64(s.opts.Seed))
	n.Port = int64(20000 + h%40000)
	n.ProtocolType = "postgresql"
	if n.IPv6 {
		n.Address = ""
		n.IP = fmt.Sprintf("2402:4e00:1:%x::%x", h>>48, h&0xffff)
		return
	}
	n.Address = fmt.Sprintf("%s-%s.sql.tencentcdb.com", in.Region, in.ID)
	n.IP = ""
}

type groupNetworkReq struct {
	ReadOnlyGroupId *string `tc:"required" json:"ReadOnlyGroupId"`
	VpcId           *string `tc:"required" json:"VpcId"`
	SubnetId        *string `tc:"required" json:"SubnetId"`
	IsAssignVip     *bool   `tc:"required" json:"IsAssignVip"`
	Vip             *string `json:"Vip"`
}

// groupLocked finds an RO group of the caller's region.
func (s *Server) groupLocked(c *call, id string) (*ROGroup, *apiError) {
	g := c.w.groupByID(id)
	if g == nil || g.Region != c.region {
		return nil, errf(codeROGroupNotFound, "The RO group %s does not exist in region %s.", id, c.region)
	}
	return g, nil
}

func (s *Server) createReadOnlyGroupNetworkAccess(c *call) (any, *apiError) {
	var req groupNetworkReq
	if aerr := decodeParams(c.body, &req); aerr != nil {
		return nil, aerr
	}
	vip := ""
	if req.Vip != nil && *req.IsAssignVip {
		vip = *req.Vip
	}
	if vip != "" {
		if a, err := netip.ParseAddr(vip); err != nil || !a.Is4() {
			return nil, errf(codeInvalidValue, "Vip %q is not an IPv4 address.", vip)
		}
	}
	if *req.VpcId == "" || *req.VpcId == "0" || *req.SubnetId == "" || *req.SubnetId == "0" {
		return nil, errf(codeBasicNetworkDenied, "Classic network cannot be created; give a VpcId and SubnetId.")
	}
	g, aerr := s.groupLocked(c, *req.ReadOnlyGroupId)
	if aerr != nil {
		return nil, aerr
	}
	if g.Status != "ok" {
		return nil, errf(codeROGroupStatus, "The RO group %s is %q; try again when it is ok.", g.ID, g.Status)
	}
	if len(g.Networks) >= maxGroupNetworks {
		return nil, errf(codeNetworkNumLimit, "The RO group %s already has %d networks (at most %d).", g.ID, len(g.Networks), maxGroupNetworks)
	}
	if vip == "" {
		vip = s.autoVip(g)
	}
	for _, n := range g.Networks {
		if n.IP == vip {
			return nil, errf(codeInvalidValue, "Vip %s is already used by RO group %s.", vip, g.ID)
		}
	}
	n := NetInfo{NetType: "private", Status: "opening", IP: vip, Port: 5432, VpcID: *req.VpcId,
		SubnetID: *req.SubnetId, ProtocolType: "postgresql"}
	s.noteStaleLocked("g/"+g.ID, g.Networks, g.Status)
	g.Networks = append(g.Networks, n)
	g.Status = "modifying"
	id := s.startTaskLocked(c, Task{Type: "CreateReadOnlyGroupNetworkAccess", InstanceID: g.MasterInstanceID,
		ROGroupID: g.ID, Network: &n}, map[string]any{"ReadOnlyGroupId": g.ID, "VpcId": n.VpcID,
		"SubnetId": n.SubnetID, "IsAssignVip": *req.IsAssignVip, "Vip": vip})
	return flowResp{id, id}, nil
}

// autoVip picks a free address, deterministic per group and count.
func (s *Server) autoVip(g *ROGroup) string {
	h := mix64(hashString(g.ID) ^ uint64(s.opts.Seed))
	for i := uint64(0); ; i++ {
		v := fmt.Sprintf("172.16.%d.%d", (h>>8+i)%250+1, (h+i*7)%250+2)
		used := false
		for _, n := range g.Networks {
			used = used || n.IP == v
		}
		if !used {
			return v
		}
	}
}

type deleteGroupNetworkReq struct {
	ReadOnlyGroupId *string `tc:"required" json:"ReadOnlyGroupId"`
	VpcId           *string `tc:"required" json:"VpcId"`
	SubnetId        *string `tc:"required" json:"SubnetId"`
	Vip             *string `tc:"required" json:"Vip"`
}

func (s *Server) deleteReadOnlyGroupNetworkAccess(c *call) (any, *apiError) {
	var req deleteGroupNetworkReq
	if aerr := decodeParams(c.body, &req); aerr != nil {
		return nil, aerr
	}
	g, aerr := s.groupLocked(c, *req.ReadOnlyGroupId)
	if aerr != nil {
		return nil, aerr
	}
	if g.Status != "ok" {
		return nil, errf(codeROGroupStatus, "The RO group %s is %q; try again when it is ok.", g.ID, g.Status)
	}
	want := NetInfo{VpcID: *req.VpcId, SubnetID: *req.SubnetId, IP: *req.Vip}
	var target *NetInfo
	for i := range g.Networks {
		if sameNetwork(g.Networks[i], want) {
			target = &g.Networks[i]
		}
	}
	if target == nil {
		return nil, errf(codeVpcNotFound, "The RO group %s has no network %s/%s with Vip %s.", g.ID, want.VpcID, want.SubnetID, want.IP)
	}
	if len(g.Networks) <= 1 {
		return nil, errf(codeNetworkNumLimit, "The RO group %s must keep at least one network.", g.ID)
	}
	s.noteStaleLocked("g/"+g.ID, g.Networks, g.Status)
	target.Status = "closing"
	g.Status = "modifying"
	id := s.startTaskLocked(c, Task{Type: "DeleteReadOnlyGroupNetworkAccess", InstanceID: g.MasterInstanceID,
		ROGroupID: g.ID, Network: &want}, map[string]any{"ReadOnlyGroupId": g.ID, "VpcId": want.VpcID,
		"SubnetId": want.SubnetID, "Vip": want.IP})
	return flowResp{id, id}, nil
}
