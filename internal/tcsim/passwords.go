package tcsim

import "unicode/utf8"

// Password resets. No password is ever kept: a reset only moves the
// account's PasswordUpdateTime (postgres) or UpdateTime (LibraDB, which
// reports no password time).

type resetPasswordReq struct {
	DBInstanceId *string `tc:"required" json:"DBInstanceId"`
	UserName     *string `tc:"required" json:"UserName"`
	Password     *string `tc:"required" json:"Password"`
}

func (r *resetPasswordReq) userName() string { return *r.UserName }

// resetAccountPassword sets a new password on an account without CAM; a
// CAM account answers CheckAccountCAMCloseError ("account has CAM
// enabled, operation not supported").
func (s *Server) resetAccountPassword(c *call) (any, *apiError) {
	var req resetPasswordReq
	if aerr := decodeAccountParams(c, &req); aerr != nil {
		return nil, aerr
	}
	if aerr := checkPassword(*req.Password); aerr != nil {
		return nil, aerr
	}
	return s.passwordSet(c, *req.DBInstanceId, *req.UserName, false)
}

// refreshAccountPassword has the service set a new password on a CAM
// account; without CAM it answers CheckAccountCAMOpenError.
func (s *Server) refreshAccountPassword(c *call) (any, *apiError) {
	var req accountRef
	if aerr := decodeAccountParams(c, &req); aerr != nil {
		return nil, aerr
	}
	return s.passwordSet(c, *req.DBInstanceId, *req.UserName, true)
}

// passwordSet records a new password on an account whose CAM state is cam
// (see accountWithCAM): its PasswordUpdateTime and UpdateTime become now.
func (s *Server) passwordSet(c *call, instanceID, user string, cam bool) (any, *apiError) {
	a, aerr := s.accountWithCAM(c, instanceID, user, codeAccountNotExist, cam)
	if aerr != nil {
		return nil, aerr
	}
	now := formatWire(c.now)
	a.PasswordUpdateTime, a.UpdateTime = now, now
	c.changed = true
	return empty{}, nil
}

// resetLibraDBClusterAccountPassword sets a new password on a LibraDB
// account: 8 to 64 characters (IllegalPassword), not a built-in account
// (InternalAccount).
func (s *Server) resetLibraDBClusterAccountPassword(c *call) (any, *apiError) {
	var req struct {
		ClusterId       *string `tc:"required" json:"ClusterId"`
		AccountPassword *string `tc:"required" json:"AccountPassword"`
		AccountName     *string `tc:"required" json:"AccountName"`
		EncryptMethod   *string `json:"EncryptMethod"`
		Host            *string `json:"Host"`
	}
	if aerr := decodeParams(c.body, &req); aerr != nil {
		return nil, aerr
	}
	// An encrypted password cannot be checked (the encryption is not
	// documented), so only plain ones are.
	if n := utf8.RuneCountInString(*req.AccountPassword); (req.EncryptMethod == nil || *req.EncryptMethod == "") && (n < 8 || n > 64) {
		return nil, errf(codeIllegalPassword, "The password of %s must be 8 to 64 characters.", *req.AccountName)
	}
	cl, aerr := s.runningClusterLocked(c, *req.ClusterId)
	if aerr != nil {
		return nil, aerr
	}
	i, aerr := changeableLibraAccount(cl, *req.AccountName, req.Host, "modified")
	if aerr != nil {
		return nil, aerr
	}
	cl.Accounts[i].UpdateTime = formatWire(c.now)
	c.changed = true
	return empty{}, nil
}
