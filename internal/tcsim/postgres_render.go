package tcsim

import "strings"

// Wire shapes of the postgres objects (field names as in the API schema).

type netInfoView struct {
	Address      string
	Ip           string
	Port         int64
	NetType      string
	Status       string
	VpcId        string
	SubnetId     string
	ProtocolType string
}

type tagView struct {
	TagKey   string
	TagValue string
}

type dbNodeView struct {
	Role               string
	Zone               string
	DedicatedClusterId string
}

type dbInstanceView struct {
	Region                string
	Zone                  string
	VpcId                 string
	SubnetId              string
	DBInstanceId          string
	DBInstanceName        string
	DBInstanceStatus      string
	DBInstanceMemory      int64
	DBInstanceStorage     int64
	DBInstanceCpu         int64
	DBInstanceClass       string
	DBMajorVersion        string
	DBVersion             string
	DBKernelVersion       string
	DBInstanceType        string
	DBInstanceVersion     string
	DBCharset             string
	CreateTime            string
	UpdateTime            string
	ExpireTime            string
	IsolatedTime          string
	PayType               string
	AutoRenew             int64
	DBInstanceNetInfo     []netInfoView
	Type                  string
	AppId                 int64
	Uid                   int64
	ProjectId             int64
	TagList               []tagView
	MasterDBInstanceId    string
	ReadOnlyInstanceNum   int64
	StatusInReadonlyGroup string
	OfflineTime           string
	DBNodeSet             []dbNodeView
	IsSupportTDE          int64
	DBEngine              string
	DBEngineConfig        string
	NetworkAccessList     []struct{}
	SupportIpv6           int64
	ExpandedCpu           int64
	DeletionProtection    bool
	DBInstanceStorageType string
}

func renderNet(n NetInfo) netInfoView {
	return netInfoView{Address: n.Address, Ip: n.IP, Port: n.Port, NetType: n.NetType, Status: n.Status,
		VpcId: n.VpcID, SubnetId: n.SubnetID, ProtocolType: n.ProtocolType}
}

func renderNets(ns []NetInfo) []netInfoView {
	out := make([]netInfoView, 0, len(ns))
	for _, n := range ns {
		out = append(out, renderNet(n))
	}
	return out
}

func (w *World) renderInstance(in *Instance) dbInstanceView {
	major, _, _ := strings.Cut(in.DBVersion, ".")
	tags := make([]tagView, 0, len(in.Tags))
	for _, t := range in.Tags {
		tags = append(tags, tagView{t.Key, t.Value})
	}
	roNum := int64(0)
	for i := range w.Instances {
		if w.Instances[i].MasterInstanceID == in.ID {
			roNum++
		}
	}
	ipv6 := int64(0)
	if in.SupportIpv6 {
		ipv6 = 1
	}
	return dbInstanceView{
		Region: in.Region, Zone: in.Zone, VpcId: in.VpcID, SubnetId: in.SubnetID,
		DBInstanceId: in.ID, DBInstanceName: in.Name, DBInstanceStatus: in.Status,
		DBInstanceMemory: 2, DBInstanceStorage: 20, DBInstanceCpu: 1, DBInstanceClass: "pg.it.small2",
		DBMajorVersion: major, DBVersion: in.DBVersion, DBKernelVersion: "v" + in.DBVersion + "_r1.0",
		DBInstanceType: in.Type, DBInstanceVersion: "standard", DBCharset: "UTF8",
		CreateTime: in.CreateTime, UpdateTime: in.CreateTime, ExpireTime: zeroWireTime,
		IsolatedTime: zeroWireTime, PayType: in.PayType, DBInstanceNetInfo: renderNets(in.NetInfos),
		Type: "TS85", AppId: 1250000000, Uid: 100000, ProjectId: in.ProjectID, TagList: tags,
		MasterDBInstanceId: in.MasterInstanceID, ReadOnlyInstanceNum: roNum, OfflineTime: zeroWireTime,
		DBNodeSet: []dbNodeView{{Role: "Primary", Zone: in.Zone}}, DBEngine: "postgresql",
		SupportIpv6: ipv6, DBInstanceStorageType: "CLOUD_SSD",
	}
}

type accountView struct {
	DBInstanceId       string
	UserName           string
	Remark             string
	Status             int64
	CreateTime         string
	UpdateTime         string
	PasswordUpdateTime string
	UserType           string
	OpenCam            *bool `json:",omitempty"`
}

type roGroupView struct {
	ReadOnlyGroupId          string
	ReadOnlyGroupName        string
	ProjectId                int64
	MasterDBInstanceId       string
	MinDelayEliminateReserve int64
	MaxReplayLatency         int64
	ReplayLatencyEliminate   int64
	MaxReplayLag             float64
	ReplayLagEliminate       int64
	VpcId                    string
	SubnetId                 string
	Region                   string
	Zone                     string
	Status                   string
	ReadOnlyDBInstanceList   []dbInstanceView
	Rebalance                int64
	DBInstanceNetInfo        []netInfoView
	NetworkAccessList        []struct{}
}

func (w *World) renderGroup(g *ROGroup) roGroupView {
	ros := []dbInstanceView{}
	for i := range w.Instances {
		if w.Instances[i].ROGroupID == g.ID {
			ros = append(ros, w.renderInstance(&w.Instances[i]))
		}
	}
	return roGroupView{
		ReadOnlyGroupId: g.ID, ReadOnlyGroupName: g.Name, ProjectId: g.ProjectID, MasterDBInstanceId: g.MasterInstanceID,
		MinDelayEliminateReserve: 1, MaxReplayLatency: 512, ReplayLatencyEliminate: 1, MaxReplayLag: 10, ReplayLagEliminate: 1,
		VpcId: g.VpcID, SubnetId: g.SubnetID, Region: g.Region, Zone: g.Zone, Status: g.Status,
		ReadOnlyDBInstanceList: ros, DBInstanceNetInfo: renderNets(g.Networks),
	}
}
