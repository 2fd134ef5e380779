package tcsim

import (
	"fmt"
	"slices"
	"strings"
)

// LibraDB account privileges: ModifyLibraDBClusterAccountPrivilege,
// DescribeLibraDBClusterAccountPrivileges and
// DescribeLibraDBClusterAccountAllPrivileges.

// codeLibraParam is the code for a database or table the cluster does not
// have (its documented list has no closer one).
const codeLibraParam = "InvalidParameterValue.ParamError"

// MySQL privilege names per level, as TencentDB for MySQL documents them.
var (
	libraTablePrivileges = []string{"SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "REFERENCES", "INDEX",
		"ALTER", "CREATE VIEW", "SHOW VIEW", "TRIGGER"}
	libraDatabasePrivileges = append(slices.Clone(libraTablePrivileges), "CREATE TEMPORARY TABLES", "LOCK TABLES",
		"EXECUTE", "CREATE ROUTINE", "ALTER ROUTINE", "EVENT")
	libraGlobalPrivileges = append(slices.Clone(libraDatabasePrivileges), "PROCESS", "RELOAD", "SHOW DATABASES",
		"REPLICATION CLIENT", "REPLICATION SLAVE", "CREATE USER")
)

type libraDBPrivParam struct {
	Db         *string  `tc:"required" json:"Db"`
	Privileges []string `tc:"required" json:"Privileges"`
}

type libraTablePrivParam struct {
	Db         *string  `tc:"required" json:"Db"`
	TableName  *string  `tc:"required" json:"TableName"`
	Privileges []string `tc:"required" json:"Privileges"`
}

type modifyLibraPrivilegeReq struct {
	ClusterId          *string               `tc:"required" json:"ClusterId"`
	Account            *inputAccountParam    `tc:"required" json:"Account"`
	GlobalPrivileges   []string              `json:"GlobalPrivileges"`
	DatabasePrivileges []libraDBPrivParam    `json:"DatabasePrivileges"`
	TablePrivileges    []libraTablePrivParam `json:"TablePrivileges"`
}

// libraPrivNames upper-cases names and checks each against allowed.
func libraPrivNames(names, allowed []string, path, level string) ([]string, *apiError) {
	out := []string{}
	for _, n := range names {
		u := strings.ToUpper(strings.Join(strings.Fields(n), " "))
		if !slices.Contains(allowed, u) {
			return nil, errf(codeInvalidValue, "%s: %q is not a %s privilege; use %s.", path, n, level, strings.Join(allowed, ", "))
		}
		if !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	return out, nil
}

// libraDatabase finds a database of the cluster's catalog.
func libraDatabase(cl *Cluster, db string) *LibraDatabase {
	for i := range cl.Databases {
		if cl.Databases[i].Name == db {
			return &cl.Databases[i]
		}
	}
	return nil
}

func checkLibraScope(cl *Cluster, db, table, path string) *apiError {
	d := libraDatabase(cl, db)
	switch {
	case d == nil:
		return errf(codeLibraParam, "%s: the database %q does not exist in cluster %s.", path, db, cl.ID)
	case table != "" && !slices.Contains(d.Tables, table):
		return errf(codeLibraParam, "%s: the table %s.%s does not exist in cluster %s.", path, db, table, cl.ID)
	}
	return nil
}

// modifyLibraDBClusterAccountPrivilege sets the scopes the request names
// (UNCONFIRMED, see doc.go): GlobalPrivileges, when present, replaces the
// global privileges; each database or table entry replaces that scope's
// privileges (an empty list removes them); scopes not named stay as they
// are. The call is atomic.
func (s *Server) modifyLibraDBClusterAccountPrivilege(c *call) (any, *apiError) {
	var req modifyLibraPrivilegeReq
	if aerr := decodeParams(c.body, &req); aerr != nil {
		return nil, aerr
	}
	cl, aerr := s.runningClusterLocked(c, *req.ClusterId)
	if aerr != nil {
		return nil, aerr
	}
	i, aerr := changeableLibraAccount(cl, *req.Account.AccountName, req.Account.Host, "modified")
	if aerr != nil {
		return nil, aerr
	}
	next := LibraPrivileges{}
	if p := cl.Accounts[i].Privileges; p != nil {
		next = *p.clone()
	}
	if req.GlobalPrivileges != nil {
		if next.Global, aerr = libraPrivNames(req.GlobalPrivileges, libraGlobalPrivileges, "GlobalPrivileges", "global"); aerr != nil {
			return nil, aerr
		}
	}
	for k, d := range req.DatabasePrivileges {
		path := fmt.Sprintf("DatabasePrivileges.%d", k)
		if aerr := checkLibraScope(cl, *d.Db, "", path); aerr != nil {
			return nil, aerr
		}
		privs, aerr := libraPrivNames(d.Privileges, libraDatabasePrivileges, path+".Privileges", "database")
		if aerr != nil {
			return nil, aerr
		}
		next.Databases = slices.DeleteFunc(next.Databases, func(x LibraDatabasePrivs) bool { return x.DB == *d.Db })
		if len(privs) > 0 {
			next.Databases = append(next.Databases, LibraDatabasePrivs{DB: *d.Db, Privileges: privs})
		}
	}
	for k, t := range req.TablePrivileges {
		path := fmt.Sprintf("TablePrivileges.%d", k)
		if aerr := checkLibraScope(cl, *t.Db, *t.TableName, path); aerr != nil {
			return nil, aerr
		}
		privs, aerr := libraPrivNames(t.Privileges, libraTablePrivileges, path+".Privileges", "table")
		if aerr != nil {
			return nil, aerr
		}
		next.Tables = slices.DeleteFunc(next.Tables, func(x LibraTablePrivileges) bool { return x.DB == *t.Db && x.Table == *t.TableName })
		if len(privs) > 0 {
			next.Tables = append(next.Tables, LibraTablePrivileges{DB: *t.Db, Table: *t.TableName, Privileges: privs})
		}
	}
	a := &cl.Accounts[i]
	before := a.Privileges.clone()
	if len(next.Global) == 0 && len(next.Databases) == 0 && len(next.Tables) == 0 {
		a.Privileges = nil
	} else {
		a.Privileges = &next
	}
	// UpdateTime is left alone (UNCONFIRMED whether the service moves
	// it for a privilege change; it does for a password reset).
	c.changed = !before.equal(a.Privileges)
	return empty{}, nil
}

// clone returns a deep copy (nil for nil).
func (p *LibraPrivileges) clone() *LibraPrivileges {
	if p == nil {
		return nil
	}
	c := &LibraPrivileges{Global: slices.Clone(p.Global)}
	for _, d := range p.Databases {
		c.Databases = append(c.Databases, LibraDatabasePrivs{DB: d.DB, Privileges: slices.Clone(d.Privileges)})
	}
	for _, t := range p.Tables {
		c.Tables = append(c.Tables, LibraTablePrivileges{DB: t.DB, Table: t.Table, Privileges: slices.Clone(t.Privileges)})
	}
	return c
}

// equal compares two privilege sets, ignoring order.
func (p *LibraPrivileges) equal(q *LibraPrivileges) bool {
	return slices.Equal(p.statements("x", "%"), q.statements("x", "%"))
}

// statements renders p as sorted GRANT statements for name@host, the
// form of PrivilegeStatements.
func (p *LibraPrivileges) statements(name, host string) []string {
	if p == nil {
		return nil
	}
	grant := func(privs []string, on string) string {
		s := slices.Sorted(slices.Values(privs))
		return fmt.Sprintf("GRANT %s ON %s TO '%s'@'%s'", strings.Join(s, ", "), on, name, host)
	}
	var out []string
	if len(p.Global) > 0 {
		out = append(out, grant(p.Global, "*.*"))
	}
	for _, d := range p.Databases {
		out = append(out, grant(d.Privileges, "`"+d.DB+"`.*"))
	}
	for _, t := range p.Tables {
		out = append(out, grant(t.Privileges, "`"+t.DB+"`.`"+t.Table+"`"))
	}
	slices.Sort(out)
	return out
}

type describeLibraAllPrivilegesReq struct {
	ClusterId *string            `tc:"required" json:"ClusterId"`
	Account   *inputAccountParam `tc:"required" json:"Account"`
}

// libraAccountForRead finds name@host for a privilege read.
func (s *Server) libraAccountForRead(c *call, clusterID, name string, host *string) (*LibraAccount, *apiError) {
	cl, aerr := s.clusterLocked(c, clusterID)
	if aerr != nil {
		return nil, aerr
	}
	h := hostOrDefault(host)
	i := findLibraAccount(cl, name, h)
	if i < 0 {
		return nil, errf(codeLibraAccountMissing, "The account %s@%s does not exist in cluster %s.", name, h, cl.ID)
	}
	return &cl.Accounts[i], nil
}

// describeLibraDBClusterAccountAllPrivileges answers null for empty lists,
// as the documented example does.
func (s *Server) describeLibraDBClusterAccountAllPrivileges(c *call) (any, *apiError) {
	var req describeLibraAllPrivilegesReq
	if aerr := decodeParams(c.body, &req); aerr != nil {
		return nil, aerr
	}
	a, aerr := s.libraAccountForRead(c, *req.ClusterId, *req.Account.AccountName, req.Account.Host)
	if aerr != nil {
		return nil, aerr
	}
	type dbView struct {
		Db         string
		Privileges []string
	}
	type tableView struct {
		Db         string
		TableName  string
		Privileges []string
	}
	resp := struct {
		PrivilegeStatements []string
		GlobalPrivileges    []string
		DatabasePrivileges  []dbView
		TablePrivileges     []tableView
	}{}
	if p := a.Privileges; p != nil {
		resp.PrivilegeStatements = p.statements(a.AccountName, a.Host)
		if len(p.Global) > 0 {
			resp.GlobalPrivileges = slices.Clone(p.Global)
		}
		for _, d := range p.Databases {
			resp.DatabasePrivileges = append(resp.DatabasePrivileges, dbView{d.DB, slices.Clone(d.Privileges)})
		}
		for _, t := range p.Tables {
			resp.TablePrivileges = append(resp.TablePrivileges, tableView{t.DB, t.Table, slices.Clone(t.Privileges)})
		}
	}
	return resp, nil
}

type describeLibraPrivilegesReq struct {
	ClusterId   *string `tc:"required" json:"ClusterId"`
	AccountName *string `tc:"required" json:"AccountName"`
	Host        *string `tc:"required" json:"Host"`
	Db          *string `tc:"required" json:"Db"`
	Type        *string `tc:"required" json:"Type"`
	TableName   *string `json:"TableName"`
}

// describeLibraDBClusterAccountPrivileges reads one level (UNCONFIRMED,
// see doc.go): Db "*" → global, Type "table" with TableName → that
// table, otherwise the database Db.
func (s *Server) describeLibraDBClusterAccountPrivileges(c *call) (any, *apiError) {
	var req describeLibraPrivilegesReq
	if aerr := decodeParams(c.body, &req); aerr != nil {
		return nil, aerr
	}
	a, aerr := s.libraAccountForRead(c, *req.ClusterId, *req.AccountName, req.Host)
	if aerr != nil {
		return nil, aerr
	}
	if *req.Type == "table" && str(req.TableName) == "" {
		return nil, errf(codeMissingParameter, "The request is missing the required parameter `TableName` (needed for Type table).")
	}
	var privs []string
	if p := a.Privileges; p != nil {
		switch {
		case *req.Db == "*":
			privs = p.Global
		case *req.Type == "table":
			for _, t := range p.Tables {
				if t.DB == *req.Db && t.Table == *req.TableName {
					privs = t.Privileges
				}
			}
		default:
			for _, d := range p.Databases {
				if d.DB == *req.Db {
					privs = d.Privileges
				}
			}
		}
	}
	return struct{ Privileges []string }{slices.Clone(privs)}, nil
}
