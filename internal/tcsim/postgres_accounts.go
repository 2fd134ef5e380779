package tcsim

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Validation rules of reference §7.

var pgUserName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,62}$`)

// checkUserName applies the documented 63-character rule
// (InvalidAccountNameFormatError); prefixes and "postgres" are compared
// case-insensitively, as the older rule states.
func checkUserName(name string) *apiError {
	low := strings.ToLower(name)
	if !pgUserName.MatchString(name) || low == "postgres" || strings.HasPrefix(low, "pg_") || strings.HasPrefix(low, "tencentdb_") {
		return errf(codeAccountNameFormat, "Invalid account name %q: use letters, digits and underscores, start with a letter or underscore, at most 63 characters; not postgres, and not starting with pg_ or tencentdb_.", name)
	}
	return nil
}

// pgPasswordSpecials is the wider special-character set of the error text
// (the field doc's 28 characters plus ';' and '\”).
const pgPasswordSpecials = "()`~!@#$%^&*-+=_|{}[]:;'<>,.?/"

func checkPassword(p string) *apiError {
	if n := utf8.RuneCountInString(p); n < 8 || n > 32 {
		return errf(codePasswordLength, "Invalid password: the length must be 8 to 32 characters.")
	}
	var lower, upper, digit, special bool
	for _, r := range p {
		switch {
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= '0' && r <= '9':
			digit = true
		case strings.ContainsRune(pgPasswordSpecials, r):
			special = true
		default:
			return errf(codePasswordValue, "Invalid password: it contains a character that is not a letter, digit or one of %s.", pgPasswordSpecials)
		}
	}
	if strings.HasPrefix(p, "/") || !lower || !upper || !digit || !special {
		return errf(codePasswordValue, "Invalid password: it must not start with '/' and must contain upper-case and lower-case letters, digits and symbols %s.", pgPasswordSpecials)
	}
	return nil
}

func checkRemark(r string) *apiError {
	if utf8.RuneCountInString(r) > 60 {
		return errf(codeParameterLength, "The remark is longer than 60 characters.")
	}
	for _, c := range r {
		if !(c < 128 && (c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) && !unicode.Is(unicode.Han, c) {
			return errf(codeParameterCharacter, "The remark may only contain English letters, digits, underscores, hyphens and Chinese characters.")
		}
	}
	return nil
}

// instanceLocked finds an instance of the caller's region.
func (s *Server) instanceLocked(c *call, id string) (*Instance, *apiError) {
	in := c.w.instanceByID(id)
	if in == nil || in.Region != c.region {
		return nil, errf(codeInstanceNotFound, "The instance %s does not exist in region %s.", id, c.region)
	}
	return in, nil
}

// instanceForAccountOp finds an instance that accepts account changes: it
// must be running (so not "network changing" during an extranet flow).
func (s *Server) instanceForAccountOp(c *call, id string) (*Instance, *apiError) {
	in, aerr := s.instanceLocked(c, id)
	if aerr != nil {
		return nil, aerr
	}
	if in.Status != "running" {
		return nil, errf(codeInstanceStatusOp, "The instance %s is %q; this operation needs it running. Try again later.", id, in.Status)
	}
	return in, nil
}

// existingAccountForOp finds user's account on an instance that accepts
// account changes (see instanceForAccountOp); an absent account answers
// the error code missingCode.
func (s *Server) existingAccountForOp(c *call, instanceID, user, missingCode string) (*Account, *apiError) {
	in, aerr := s.instanceForAccountOp(c, instanceID)
	if aerr != nil {
		return nil, aerr
	}
	a := findAccount(in, user)
	if a == nil {
		return nil, errf(missingCode, "The account %s does not exist on instance %s.", user, in.ID)
	}
	return a, nil
}

// accountWithCAM finds user's account for a CAM or password call (see
// existingAccountForOp) that needs CAM verification on (cam) or off: the
// other state answers CheckAccountCAMOpenError (CAM not on) or
// CheckAccountCAMCloseError (CAM on).
func (s *Server) accountWithCAM(c *call, instanceID, user, missingCode string, cam bool) (*Account, *apiError) {
	a, aerr := s.existingAccountForOp(c, instanceID, user, missingCode)
	switch {
	case aerr != nil:
		return nil, aerr
	case cam && !a.OpenCam:
		return nil, errf(codeCAMNotOpen, "The account %s does not have CAM verification enabled.", a.UserName)
	case !cam && a.OpenCam:
		return nil, errf(codeCAMAlreadyOpen, "The account %s already has CAM verification enabled.", a.UserName)
	}
	return a, nil
}

func findAccount(in *Instance, user string) *Account {
	for i := range in.Accounts {
		if in.Accounts[i].UserName == user {
			return &in.Accounts[i]
		}
	}
	return nil
}

// accountParams is a request naming one PostgreSQL account.
type accountParams interface{ userName() string }

// decodeAccountParams decodes c's parameters into req (a pointer to a
// request struct, see decodeParams) and checks the account name it carries.
func decodeAccountParams(c *call, req accountParams) *apiError {
	if aerr := decodeParams(c.body, req); aerr != nil {
		return aerr
	}
	return checkUserName(req.userName())
}

type createAccountReq struct {
	DBInstanceId *string `tc:"required" json:"DBInstanceId"`
	UserName     *string `tc:"required" json:"UserName"`
	Password     *string `json:"Password"`
	Type         *string `tc:"required" json:"Type"`
	Remark       *string `json:"Remark"`
	OpenCam      *bool   `json:"OpenCam"`
}

func (r *createAccountReq) userName() string { return *r.UserName }

type empty struct{}

func (s *Server) createAccount(c *call) (any, *apiError) {
	var req createAccountReq
	if aerr := decodeAccountParams(c, &req); aerr != nil {
		return nil, aerr
	}
	if t := *req.Type; t != "normal" && t != "tencentDBSuper" {
		return nil, errf(codeParameterCheck, "Type %q is invalid: use normal or tencentDBSuper.", t)
	}
	openCam := req.OpenCam != nil && *req.OpenCam
	if req.Password == nil && !openCam {
		return nil, errf(codeParameterCheck, "Password is required unless OpenCam is true.")
	}
	if req.Password != nil {
		if aerr := checkPassword(*req.Password); aerr != nil {
			return nil, aerr
		}
	}
	remark := ""
	if req.Remark != nil {
		remark = *req.Remark
		if aerr := checkRemark(remark); aerr != nil {
			return nil, aerr
		}
	}
	in, aerr := s.instanceForAccountOp(c, *req.DBInstanceId)
	if aerr != nil {
		return nil, aerr
	}
	if findAccount(in, *req.UserName) != nil {
		return nil, errf(s.opts.Variants.accountExists(), "The account %s already exists on instance %s.", *req.UserName, in.ID)
	}
	now := formatWire(c.now)
	pwTime := zeroWireTime
	if req.Password != nil {
		pwTime = now
	}
	in.Accounts = append(in.Accounts, Account{
		UserName: *req.UserName, UserType: *req.Type, Remark: remark, OpenCam: openCam, Status: 2,
		CreateTime: now, UpdateTime: now, PasswordUpdateTime: pwTime,
	})
	c.changed = true
	s.counters.accountCreated(in.ID + "/" + *req.UserName)
	return empty{}, nil
}

type accountRef struct {
	DBInstanceId *string `tc:"required" json:"DBInstanceId"`
	UserName     *string `tc:"required" json:"UserName"`
}

func (r *accountRef) userName() string { return *r.UserName }

// deleteAccount is re-entrant: deleting an absent account succeeds.
func (s *Server) deleteAccount(c *call) (any, *apiError) {
	var req accountRef
	if aerr := decodeAccountParams(c, &req); aerr != nil {
		return nil, aerr
	}
	in, aerr := s.instanceForAccountOp(c, *req.DBInstanceId)
	if aerr != nil {
		return nil, aerr
	}
	for i := range in.Accounts {
		if in.Accounts[i].UserName == *req.UserName {
			in.Accounts = append(in.Accounts[:i], in.Accounts[i+1:]...)
			c.changed = true
			s.counters.accountDeleted(in.ID + "/" + *req.UserName)
			break
		}
	}
	return empty{}, nil
}

func (s *Server) openAccountCAM(c *call) (any, *apiError) {
	var req accountRef
	if aerr := decodeAccountParams(c, &req); aerr != nil {
		return nil, aerr
	}
	a, aerr := s.accountWithCAM(c, *req.DBInstanceId, *req.UserName, codeAccountNotExist, false)
	if aerr != nil {
		return nil, aerr
	}
	a.OpenCam, a.UpdateTime = true, formatWire(c.now)
	c.changed = true
	return empty{}, nil
}

type closeCAMReq struct {
	DBInstanceId    *string `tc:"required" json:"DBInstanceId"`
	UserName        *string `tc:"required" json:"UserName"`
	Password        *string `tc:"required" json:"Password"`
	PasswordEncrypt *bool   `json:"PasswordEncrypt"`
}

func (r *closeCAMReq) userName() string { return *r.UserName }

func (s *Server) closeAccountCAM(c *call) (any, *apiError) {
	var req closeCAMReq
	if aerr := decodeAccountParams(c, &req); aerr != nil {
		return nil, aerr
	}
	// An encrypted password cannot be checked here (the encryption is not
	// documented), so only plain passwords are validated.
	if req.PasswordEncrypt == nil || !*req.PasswordEncrypt {
		if aerr := checkPassword(*req.Password); aerr != nil {
			return nil, aerr
		}
	}
	// CloseAccountCAM documents the code without the Error suffix.
	a, aerr := s.accountWithCAM(c, *req.DBInstanceId, *req.UserName, "InvalidParameterValue.AccountNotExist", true)
	if aerr != nil {
		return nil, aerr
	}
	now := formatWire(c.now)
	a.OpenCam, a.UpdateTime, a.PasswordUpdateTime = false, now, now
	c.changed = true
	return empty{}, nil
}

type modifyRemarkReq struct {
	DBInstanceId *string `tc:"required" json:"DBInstanceId"`
	UserName     *string `tc:"required" json:"UserName"`
	Remark       *string `tc:"required" json:"Remark"`
}

func (r *modifyRemarkReq) userName() string { return *r.UserName }

func (s *Server) modifyAccountRemark(c *call) (any, *apiError) {
	var req modifyRemarkReq
	if aerr := decodeAccountParams(c, &req); aerr != nil {
		return nil, aerr
	}
	if aerr := checkRemark(*req.Remark); aerr != nil {
		return nil, aerr
	}
	a, aerr := s.existingAccountForOp(c, *req.DBInstanceId, *req.UserName, codeAccountNotExist)
	if aerr != nil {
		return nil, aerr
	}
	if a.Remark != *req.Remark {
		a.Remark, a.UpdateTime = *req.Remark, formatWire(c.now)
		c.changed = true
	}
	return empty{}, nil
}
