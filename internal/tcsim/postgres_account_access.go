package tcsim

// LockAccount and UnlockAccount. The reference documents neither their
// quota nor what they answer for an absent account or a repeated call;
// the simulator's choices are in doc.go.

func (s *Server) lockAccount(c *call) (any, *apiError) { return s.setLocked(c, true) }

func (s *Server) unlockAccount(c *call) (any, *apiError) { return s.setLocked(c, false) }

// setLocked moves an account to Status 5 (locked) or back to 2 (normal).
// Locking a locked account (or unlocking an unlocked one) succeeds and
// changes nothing.
func (s *Server) setLocked(c *call, lock bool) (any, *apiError) {
	var req accountRef
	if aerr := decodeAccountParams(c, &req); aerr != nil {
		return nil, aerr
	}
	a, aerr := s.existingAccountForOp(c, *req.DBInstanceId, *req.UserName, codePreCheck)
	if aerr != nil {
		return nil, aerr
	}
	status := int64(statusNormal)
	if lock {
		status = statusLocked
	}
	if a.Status != status {
		a.Status, a.UpdateTime = status, formatWire(c.now)
		c.changed = true
	}
	return empty{}, nil
}

// Account statuses (AccountInfo.Status).
const (
	statusNormal = 2
	statusLocked = 5
)
