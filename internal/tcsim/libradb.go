package tcsim

import (
	"net/netip"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// LibraDB account rules (reference §6.1, §7.4).
var libraAccountName = regexp.MustCompile(`^[A-Za-z]([A-Za-z0-9_]{0,28}[A-Za-z0-9])?$`)

const (
	maxLibraConnections = 10240
	maxLibraDescription = 255 // UNCONFIRMED; see doc.go
)

func checkLibraHost(h string) *apiError {
	if h == "%" {
		return nil
	}
	if a, err := netip.ParseAddr(h); err == nil && a.Is4() {
		return nil
	}
	return errf(codeInvalidValue, "Host %q is invalid: use %% or an IPv4 address.", h)
}

func hostOrDefault(h *string) string {
	if h == nil || *h == "" {
		return "%"
	}
	return *h
}

// clusterLocked finds a LibraDB cluster of the caller's region.
func (s *Server) clusterLocked(c *call, id string) (*Cluster, *apiError) {
	for i := range c.w.LibraDBClusters {
		cl := &c.w.LibraDBClusters[i]
		if cl.ID == id && cl.Region == c.region {
			return cl, nil
		}
	}
	return nil, errf(codeClusterNotFound, "The cluster %s does not exist in region %s.", id, c.region)
}

func (s *Server) runningClusterLocked(c *call, id string) (*Cluster, *apiError) {
	cl, aerr := s.clusterLocked(c, id)
	if aerr != nil {
		return nil, aerr
	}
	if cl.Status != "running" {
		return nil, errf(codeClusterStatus, "The cluster %s is %q; account changes need it running.", cl.ID, cl.Status)
	}
	return cl, nil
}

func findLibraAccount(cl *Cluster, name, host string) int {
	return slices.IndexFunc(cl.Accounts, func(a LibraAccount) bool { return a.AccountName == name && a.Host == host })
}

// changeableLibraAccount finds the account name@host (host defaulting to
// %) that may be changed: an absent account answers AccountNotExistError
// and a system account InternalAccount (verb says what was refused).
func changeableLibraAccount(cl *Cluster, name string, host *string, verb string) (int, *apiError) {
	h := hostOrDefault(host)
	i := findLibraAccount(cl, name, h)
	if i < 0 {
		return -1, errf(codeLibraAccountMissing, "The account %s@%s does not exist in cluster %s.", name, h, cl.ID)
	}
	if cl.Accounts[i].Builtin {
		return -1, errf(codeInternalAccount, "%s is a system account and cannot be %s.", name, verb)
	}
	return i, nil
}

type newAccountParam struct {
	AccountName        *string `tc:"required" json:"AccountName"`
	AccountPassword    *string `tc:"required" json:"AccountPassword"`
	Host               *string `tc:"required" json:"Host"`
	Description        *string `json:"Description"`
	MaxUserConnections *int64  `json:"MaxUserConnections"`
	PasswordRotation   *int64  `json:"PasswordRotation"`
}

type createLibraAccountsReq struct {
	ClusterId     *string           `tc:"required" json:"ClusterId"`
	Accounts      []newAccountParam `tc:"required" json:"Accounts"`
	EncryptMethod *string           `json:"EncryptMethod"`
}

func checkNewLibraAccount(a newAccountParam) *apiError {
	if !libraAccountName.MatchString(*a.AccountName) {
		return errf(codeInvalidValue, "AccountName %q is invalid: 1-30 letters, digits or underscores, starting with a letter and ending with a letter or digit.", *a.AccountName)
	}
	if n := utf8.RuneCountInString(*a.AccountPassword); n < 8 || n > 64 {
		return errf(codeIllegalPassword, "The password of %s must be 8 to 64 characters.", *a.AccountName)
	}
	if aerr := checkLibraHost(*a.Host); aerr != nil {
		return aerr
	}
	if a.Description != nil && utf8.RuneCountInString(*a.Description) > maxLibraDescription {
		return errf(codeInvalidValue, "Description is longer than %d characters.", maxLibraDescription)
	}
	if _, aerr := intParam("MaxUserConnections", a.MaxUserConnections, 0, 0, maxLibraConnections); aerr != nil {
		return aerr
	}
	if _, aerr := intParam("PasswordRotation", a.PasswordRotation, 0, 0, 1); aerr != nil {
		return aerr
	}
	return nil
}

// createLibraDBClusterAccounts is atomic: every account is checked first,
// and one bad or existing account fails the whole batch with nothing
// created (under Variants.LibraPartialBatch the accounts before it are
// created).
func (s *Server) createLibraDBClusterAccounts(c *call) (any, *apiError) {
	var req createLibraAccountsReq
	if aerr := decodeParams(c.body, &req); aerr != nil {
		return nil, aerr
	}
	if len(req.Accounts) == 0 {
		return nil, errf(codeInvalidValue, "Accounts must list at least one account.")
	}
	if max := s.opts.Variants.libraBatchMax(); len(req.Accounts) > max {
		return nil, errf(codeInvalidValue, "Accounts may list at most %d accounts per call; it has %d.", max, len(req.Accounts))
	}
	partial := s.opts.Variants.LibraPartialBatch
	bad, badErr := len(req.Accounts), (*apiError)(nil)
	for i, a := range req.Accounts {
		if aerr := checkNewLibraAccount(a); aerr != nil {
			bad, badErr = i, aerr
			break
		}
	}
	if badErr != nil && !partial {
		return nil, badErr
	}
	cl, aerr := s.runningClusterLocked(c, *req.ClusterId)
	if aerr != nil {
		return nil, aerr
	}
	seen := map[string]bool{}
	for i, a := range req.Accounts[:bad] {
		k := *a.AccountName + "@" + *a.Host
		if j := slices.IndexFunc(cl.Accounts, func(x LibraAccount) bool { return x.AccountName == *a.AccountName && x.Builtin }); j >= 0 {
			bad, badErr = i, errf(codeInternalAccount, "%s is a system account and cannot be created.", *a.AccountName)
			break
		}
		if seen[k] || findLibraAccount(cl, *a.AccountName, *a.Host) >= 0 {
			bad, badErr = i, errf(s.opts.Variants.accountExists(), "The account %s already exists in cluster %s.", k, cl.ID)
			break
		}
		seen[k] = true
	}
	if badErr != nil && !partial {
		return nil, badErr
	}
	now := formatWire(c.now)
	for _, a := range req.Accounts[:bad] {
		acc := LibraAccount{AccountName: *a.AccountName, Host: *a.Host, CreateTime: now, UpdateTime: now}
		if a.Description != nil {
			acc.Description = *a.Description
		}
		if a.MaxUserConnections != nil {
			acc.MaxUserConnections = *a.MaxUserConnections
		}
		if a.PasswordRotation != nil {
			acc.PasswordRotation = *a.PasswordRotation
		}
		cl.Accounts = append(cl.Accounts, acc)
		s.counters.accountCreated(cl.ID + "/" + acc.AccountName + "@" + acc.Host)
		c.changed = true
	}
	if badErr != nil {
		return nil, badErr
	}
	return empty{}, nil
}

type describeLibraAccountsReq struct {
	ClusterId      *string  `tc:"required" json:"ClusterId"`
	AccountNames   []string `json:"AccountNames"`
	AccountRegular *string  `json:"AccountRegular"`
	Hosts          []string `json:"Hosts"`
	Limit          *int64   `json:"Limit"`
	Offset         *int64   `json:"Offset"`
}

type libraAccountView struct {
	AccountName        string
	Host               string
	Description        string
	CreateTime         string
	UpdateTime         string
	MaxUserConnections int64
	PasswordRotation   int64
}

// describeLibraDBClusterAccounts lists accounts ordered by name then host;
// Limit defaults to 20 (max 100) and TotalCount is the number matching.
func (s *Server) describeLibraDBClusterAccounts(c *call) (any, *apiError) {
	var req describeLibraAccountsReq
	if aerr := decodeParams(c.body, &req); aerr != nil {
		return nil, aerr
	}
	offset, limit, aerr := offsetLimit(s.opts.Variants.libraLimit(req.Limit), req.Offset, 20, 1, 100)
	if aerr != nil {
		return nil, aerr
	}
	cl, aerr := s.clusterLocked(c, *req.ClusterId)
	if aerr != nil {
		return nil, aerr
	}
	var found []LibraAccount
	for _, a := range cl.Accounts {
		if (len(req.AccountNames) > 0 && !slices.Contains(req.AccountNames, a.AccountName)) ||
			(len(req.Hosts) > 0 && !slices.Contains(req.Hosts, a.Host)) ||
			(req.AccountRegular != nil && !strings.Contains(a.AccountName, *req.AccountRegular)) {
			continue
		}
		found = append(found, a)
	}
	sortListing(found, false, func(a LibraAccount) string { return a.AccountName },
		func(a LibraAccount) string { return a.Host })
	set := renderPage(found, offset, limit, func(a LibraAccount) libraAccountView {
		return libraAccountView{a.AccountName, a.Host, a.Description, a.CreateTime, a.UpdateTime,
			a.MaxUserConnections, a.PasswordRotation}
	})
	return struct {
		AccountSet []libraAccountView
		TotalCount int64
	}{set, int64(len(found))}, nil
}

type inputAccountParam struct {
	AccountName *string `tc:"required" json:"AccountName"`
	Host        *string `json:"Host"`
}

// deleteLibraDBClusterAccounts is atomic and not re-entrant: an absent
// account fails the batch with AccountNotExistError.
func (s *Server) deleteLibraDBClusterAccounts(c *call) (any, *apiError) {
	var req struct {
		ClusterId *string             `tc:"required" json:"ClusterId"`
		Accounts  []inputAccountParam `tc:"required" json:"Accounts"`
	}
	if aerr := decodeParams(c.body, &req); aerr != nil {
		return nil, aerr
	}
	if len(req.Accounts) == 0 {
		return nil, errf(codeInvalidValue, "Accounts must list at least one account.")
	}
	cl, aerr := s.runningClusterLocked(c, *req.ClusterId)
	if aerr != nil {
		return nil, aerr
	}
	for _, a := range req.Accounts {
		if _, aerr := changeableLibraAccount(cl, *a.AccountName, a.Host, "deleted"); aerr != nil {
			return nil, aerr
		}
	}
	for _, a := range req.Accounts {
		if i := findLibraAccount(cl, *a.AccountName, hostOrDefault(a.Host)); i >= 0 {
			cl.Accounts = slices.Delete(cl.Accounts, i, i+1)
			s.counters.accountDeleted(cl.ID + "/" + *a.AccountName + "@" + hostOrDefault(a.Host))
		}
	}
	c.changed = true
	return empty{}, nil
}

func (s *Server) modifyLibraDBClusterAccountDescription(c *call) (any, *apiError) {
	var req struct {
		ClusterId   *string `tc:"required" json:"ClusterId"`
		AccountName *string `tc:"required" json:"AccountName"`
		Description *string `tc:"required" json:"Description"`
		Host        *string `json:"Host"`
	}
	if aerr := decodeParams(c.body, &req); aerr != nil {
		return nil, aerr
	}
	if utf8.RuneCountInString(*req.Description) > maxLibraDescription {
		return nil, errf(codeInvalidValue, "Description is longer than %d characters.", maxLibraDescription)
	}
	cl, aerr := s.runningClusterLocked(c, *req.ClusterId)
	if aerr != nil {
		return nil, aerr
	}
	i, aerr := changeableLibraAccount(cl, *req.AccountName, req.Host, "modified")
	if aerr != nil {
		if aerr.Code == codeLibraAccountMissing {
			aerr.Code = s.opts.Variants.libraAccountMissing()
		}
		return nil, aerr
	}
	a := &cl.Accounts[i]
	if a.Description != *req.Description {
		a.Description, a.UpdateTime = *req.Description, formatWire(c.now)
		c.changed = true
	}
	return empty{}, nil
}
