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
}

// actionTable lists every served action with its documented rate limit.
func actionTable() []action {
	return []action{
		{servicePostgres, "CreateAccount", 20, (*Server).createAccount},
		{servicePostgres, "DeleteAccount", 20, (*Server).deleteAccount},
		{servicePostgres, "DescribeAccounts", 1000, (*Server).describeAccounts},
		{servicePostgres, "OpenAccountCAM", 20, (*Server).openAccountCAM},
		{servicePostgres, "CloseAccountCAM", 20, (*Server).closeAccountCAM},
		{servicePostgres, "ModifyAccountRemark", 100, (*Server).modifyAccountRemark},
		{servicePostgres, "LockAccount", 20, (*Server).lockAccount},     // quota UNCONFIRMED
		{servicePostgres, "UnlockAccount", 20, (*Server).unlockAccount}, // quota UNCONFIRMED
		{servicePostgres, "OpenDBExtranetAccess", 100, (*Server).openDBExtranetAccess},
		{servicePostgres, "CloseDBExtranetAccess", 100, (*Server).closeDBExtranetAccess},
		{servicePostgres, "DescribeDBInstances", 1000, (*Server).describeDBInstances},
		{servicePostgres, "DescribeDBInstanceAttribute", 1000, (*Server).describeDBInstanceAttribute},
		{servicePostgres, "DescribeReadOnlyGroups", 1000, (*Server).describeReadOnlyGroups},
		{servicePostgres, "CreateReadOnlyGroupNetworkAccess", 100, (*Server).createReadOnlyGroupNetworkAccess},
		{servicePostgres, "DeleteReadOnlyGroupNetworkAccess", 100, (*Server).deleteReadOnlyGroupNetworkAccess},
		{servicePostgres, "DescribeTasks", 20, (*Server).describeTasks},
		{servicePostgres, "DescribeAccountPrivileges", 20, (*Server).describeAccountPrivileges},
		{servicePostgres, "ModifyAccountPrivileges", 20, (*Server).modifyAccountPrivileges},
		{serviceCynosdb, "CreateLibraDBClusterAccounts", 20, (*Server).createLibraDBClusterAccounts},
		{serviceCynosdb, "DescribeLibraDBClusterAccounts", 20, (*Server).describeLibraDBClusterAccounts},
		{serviceCynosdb, "DeleteLibraDBClusterAccounts", 20, (*Server).deleteLibraDBClusterAccounts},
		{serviceCynosdb, "ModifyLibraDBClusterAccountDescription", 20, (*Server).modifyLibraDBClusterAccountDescription},
		{serviceCynosdb, "DescribeLibraDBClusters", 70, (*Server).describeLibraDBClusters},
		{serviceCynosdb, "ModifyLibraDBClusterAccountPrivilege", 20, (*Server).modifyLibraDBClusterAccountPrivilege},
		{serviceCynosdb, "DescribeLibraDBClusterAccountPrivileges", 20, (*Server).describeLibraDBClusterAccountPrivileges},
		{serviceCynosdb, "DescribeLibraDBClusterAccountAllPrivileges", 20, (*Server).describeLibraDBClusterAccountAllPrivileges},
	}
}
