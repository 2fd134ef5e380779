package tcsim

import "time"

// Products served, with the API version each accepts.
const (
	servicePostgres = "postgres"
	serviceCynosdb  = "cynosdb"
	serviceSTS      = "sts"
	versionPostgres = "2017-03-12"
	versionCynosdb  = "2019-01-07"
	versionSTS      = "2018-08-13"
)

// postgresRegions are the regions the postgres actions accept (reference §8).
var postgresRegions = []string{"ap-bangkok", "ap-beijing", "ap-chengdu", "ap-chongqing", "ap-guangzhou",
	"ap-hongkong", "ap-jakarta", "ap-nanjing", "ap-seoul", "ap-shanghai", "ap-shanghai-fsi", "ap-shenzhen-fsi",
	"ap-singapore", "ap-tokyo", "eu-frankfurt", "na-ashburn", "na-siliconvalley", "sa-saopaulo"}

// cynosdbRegions are the regions the LibraDB actions accept: the postgres
// list without ap-shanghai-fsi.
var cynosdbRegions = []string{"ap-bangkok", "ap-beijing", "ap-chengdu", "ap-chongqing", "ap-guangzhou",
	"ap-hongkong", "ap-jakarta", "ap-nanjing", "ap-seoul", "ap-shanghai", "ap-shenzhen-fsi",
	"ap-singapore", "ap-tokyo", "eu-frankfurt", "na-ashburn", "na-siliconvalley", "sa-saopaulo"}

// call is one authenticated, admitted request as a handler sees it. The
// handler runs with the world lock held.
type call struct {
	// w is the world of the caller's account (nil for an unsigned
	// request); uin is that account and who the caller.
	w       *World
	uin     string
	who     principal
	region  string
	body    []byte
	now     time.Time
	changed bool // set by the handler when it mutated the world
}

// handler serves one action; it decodes c.body itself so parameter errors
// come after rate limiting, as on the service.
type handler func(s *Server, c *call) (any, *apiError)

// action describes one served action.
type action struct {
	service string
	name    string
	limit   float64 // documented requests per second (reference §4)
	handle  handler
	// global actions take no region (sts); unsigned ones accept
	// Authorization: SKIP.
	global, unsigned bool
}

// actionTable lists every served action with its documented rate limit.
func actionTable() []action {
	return []action{
		{service: servicePostgres, name: "CreateAccount", limit: 20, handle: (*Server).createAccount},
		{service: servicePostgres, name: "DeleteAccount", limit: 20, handle: (*Server).deleteAccount},
		{service: servicePostgres, name: "DescribeAccounts", limit: 1000, handle: (*Server).describeAccounts},
		{service: servicePostgres, name: "OpenAccountCAM", limit: 20, handle: (*Server).openAccountCAM},
		{service: servicePostgres, name: "CloseAccountCAM", limit: 20, handle: (*Server).closeAccountCAM},
		{service: servicePostgres, name: "ModifyAccountRemark", limit: 100, handle: (*Server).modifyAccountRemark},
		{service: servicePostgres, name: "LockAccount", limit: 20, handle: (*Server).lockAccount},     // quota UNCONFIRMED
		{service: servicePostgres, name: "UnlockAccount", limit: 20, handle: (*Server).unlockAccount}, // quota UNCONFIRMED
		{service: servicePostgres, name: "ResetAccountPassword", limit: 100, handle: (*Server).resetAccountPassword},
		{service: servicePostgres, name: "RefreshAccountPassword", limit: 20, handle: (*Server).refreshAccountPassword},
		{service: servicePostgres, name: "OpenDBExtranetAccess", limit: 100, handle: (*Server).openDBExtranetAccess},
		{service: servicePostgres, name: "CloseDBExtranetAccess", limit: 100, handle: (*Server).closeDBExtranetAccess},
		{service: servicePostgres, name: "DescribeDBInstances", limit: 1000, handle: (*Server).describeDBInstances},
		{service: servicePostgres, name: "DescribeDBInstanceAttribute", limit: 1000, handle: (*Server).describeDBInstanceAttribute},
		{service: servicePostgres, name: "DescribeReadOnlyGroups", limit: 1000, handle: (*Server).describeReadOnlyGroups},
		{service: servicePostgres, name: "CreateReadOnlyGroupNetworkAccess", limit: 100, handle: (*Server).createReadOnlyGroupNetworkAccess},
		{service: servicePostgres, name: "DeleteReadOnlyGroupNetworkAccess", limit: 100, handle: (*Server).deleteReadOnlyGroupNetworkAccess},
		{service: servicePostgres, name: "DescribeTasks", limit: 20, handle: (*Server).describeTasks},
		{service: servicePostgres, name: "DescribeAccountPrivileges", limit: 20, handle: (*Server).describeAccountPrivileges},
		{service: servicePostgres, name: "ModifyAccountPrivileges", limit: 20, handle: (*Server).modifyAccountPrivileges},
		{service: serviceCynosdb, name: "CreateLibraDBClusterAccounts", limit: 20, handle: (*Server).createLibraDBClusterAccounts},
		{service: serviceCynosdb, name: "DescribeLibraDBClusterAccounts", limit: 20, handle: (*Server).describeLibraDBClusterAccounts},
		{service: serviceCynosdb, name: "DeleteLibraDBClusterAccounts", limit: 20, handle: (*Server).deleteLibraDBClusterAccounts},
		{service: serviceCynosdb, name: "ModifyLibraDBClusterAccountDescription", limit: 20, handle: (*Server).modifyLibraDBClusterAccountDescription},
		{service: serviceCynosdb, name: "DescribeLibraDBClusters", limit: 70, handle: (*Server).describeLibraDBClusters},
		{service: serviceCynosdb, name: "ResetLibraDBClusterAccountPassword", limit: 20, handle: (*Server).resetLibraDBClusterAccountPassword},
		{service: serviceCynosdb, name: "ModifyLibraDBClusterAccountPrivilege", limit: 20, handle: (*Server).modifyLibraDBClusterAccountPrivilege},
		{service: serviceCynosdb, name: "DescribeLibraDBClusterAccountPrivileges", limit: 20, handle: (*Server).describeLibraDBClusterAccountPrivileges},
		{service: serviceCynosdb, name: "DescribeLibraDBClusterAccountAllPrivileges", limit: 20, handle: (*Server).describeLibraDBClusterAccountAllPrivileges},
		{service: serviceSTS, name: "AssumeRole", limit: 600, handle: (*Server).assumeRole, global: true},
		{service: serviceSTS, name: "AssumeRoleWithWebIdentity", limit: 20, handle: (*Server).assumeRoleWithWebIdentity, global: true, unsigned: true},
		{service: serviceSTS, name: "GetCallerIdentity", limit: 20, handle: (*Server).getCallerIdentity, global: true},
	}
}
