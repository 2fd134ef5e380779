package refresh

import (
	"strings"

	"github.com/dbplan/dbplan/internal/apiclient"
	"github.com/dbplan/dbplan/internal/plan"
)

// instanceOf converts a DBInstance into its observed form, without
// accounts (they come from DescribeAccounts).
func instanceOf(in *apiclient.DBInstance) *plan.ObservedInstance {
	o := &plan.ObservedInstance{
		ID:          in.DBInstanceId,
		Name:        in.DBInstanceName,
		Region:      in.Region,
		Status:      in.DBInstanceStatus,
		Type:        in.DBInstanceType,
		SupportIPv6: in.SupportIpv6 == 1,
		Accounts:    map[string]*plan.ObservedAccount{},
	}
	o.Tags = tagMap(in.TagList)
	o.PublicIPv4, o.PublicIPv6 = publicStates(in.DBInstanceNetInfo)
	return o
}

// tagMap returns an instance's tags by key (nil when it has none).
func tagMap(tags []apiclient.Tag) map[string]string {
	if len(tags) == 0 {
		return nil
	}
	m := make(map[string]string, len(tags))
	for _, t := range tags {
		m[t.TagKey] = t.TagValue
	}
	return m
}

// publicStates returns the states of the IPv4 and IPv6 public entries of
// an instance's net infos ("" when absent). See the package doc for how the
// IPv6 entry is recognised.
func publicStates(nets []apiclient.DBInstanceNetInfo) (v4, v6 string) {
	seenV4, seenV6 := false, false
	for _, n := range nets {
		v6Type := strings.Contains(strings.ToLower(n.NetType), "ipv6")
		if n.NetType != "public" && !v6Type {
			continue
		}
		switch {
		case v6Type || strings.Contains(n.Ip, ":") || strings.Contains(n.Address, ":") || (seenV4 && !seenV6):
			if !seenV6 {
				v6, seenV6 = n.Status, true
			}
		case !seenV4:
			v4, seenV4 = n.Status, true
		}
	}
	return v4, v6
}

// accountOf converts one AccountInfo.
func accountOf(a *apiclient.AccountInfo) *plan.ObservedAccount {
	return &plan.ObservedAccount{
		Name:               a.UserName,
		Type:               a.UserType,
		Remark:             a.Remark,
		CAM:                a.OpenCam != nil && *a.OpenCam,
		CAMUnknown:         a.OpenCam == nil,
		Status:             int(a.Status),
		CreateTime:         a.CreateTime,
		PasswordUpdateTime: a.PasswordUpdateTime,
	}
}

// groupOf converts one read-only group. Only its VPC ("private") net
// infos are networks in dbplan's sense.
func groupOf(g *apiclient.ReadOnlyGroup) *plan.ObservedROGroup {
	o := &plan.ObservedROGroup{
		ID:               g.ReadOnlyGroupId,
		MasterInstanceID: g.MasterDBInstanceId,
		Status:           g.Status,
	}
	for _, n := range g.DBInstanceNetInfo {
		if n.NetType != "private" {
			continue
		}
		o.Networks = append(o.Networks, plan.ObservedNetwork{
			VpcID: n.VpcId, SubnetID: n.SubnetId, VIP: n.Ip, Status: n.Status,
		})
	}
	return o
}

// clusterOf converts one LibraDB cluster, without accounts.
func clusterOf(c *apiclient.LibraDBCluster) *plan.ObservedLibraCluster {
	return &plan.ObservedLibraCluster{
		ID:       c.ClusterId,
		Region:   c.Region,
		Status:   c.Status,
		Accounts: map[string]*plan.ObservedLibraAccount{},
	}
}

// libraAccountOf converts one LibraDB account; an empty host is "%", the
// service's default.
func libraAccountOf(a *apiclient.LibraDBAccount) *plan.ObservedLibraAccount {
	host := a.Host
	if host == "" {
		host = "%"
	}
	return &plan.ObservedLibraAccount{Name: a.AccountName, Host: host, Description: a.Description, CreateTime: a.CreateTime,
		UpdateTime: a.UpdateTime}
}
