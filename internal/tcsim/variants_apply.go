package tcsim

import (
	"net/http"
	"slices"
	"strings"
)

// How the handlers apply Variants.

// accountExists is the code for creating an existing account.
func (v Variants) accountExists() string {
	if v.AccountExists != "" {
		return v.AccountExists
	}
	return codeAccountExist
}

// libraAccountMissing is ModifyLibraDBClusterAccountDescription's code for
// a missing account.
func (v Variants) libraAccountMissing() string {
	if v.LibraAccountMissing != "" {
		return v.LibraAccountMissing
	}
	return codeLibraAccountMissing
}

// openCam is AccountInfo.OpenCam as rendered: nil (left out) under
// OpenCamAbsent.
func (v Variants) openCam(on bool) *bool {
	if v.OpenCamAbsent {
		return nil
	}
	return &on
}

// libraLimit is the Limit a LibraDB describe uses: under LibraLimitZero a
// Limit of 0 is taken as absent (the default page size).
func (v Variants) libraLimit(p *int64) *int64 {
	if v.LibraLimitZero && p != nil && *p == 0 {
		return nil
	}
	return p
}

// libraBatchMax is the most accounts one CreateLibraDBClusterAccounts
// call takes.
func (v Variants) libraBatchMax() int {
	if v.LibraBatchMax > 0 {
		return v.LibraBatchMax
	}
	return maxArrayItems
}

// errorStatus is the HTTP status of an API error under ErrorHTTPStatus.
func errorStatus(code string) int {
	if code == codeInternalError || strings.HasPrefix(code, codeInternalError+".") || code == "ServiceUnavailable" {
		return http.StatusInternalServerError
	}
	return http.StatusBadRequest
}

// staleState is what an instance or group showed before a network call,
// and how many more reads still show it (Variants.StalePolls).
type staleState struct {
	nets   []NetInfo
	status string
	left   int
}

// noteStaleLocked records the state of key ("i/ID" or "g/ID") before a
// network call changes it.
func (s *Server) noteStaleLocked(key string, nets []NetInfo, status string) {
	if s.opts.Variants.StalePolls <= 0 {
		return
	}
	s.stale[key] = &staleState{nets: slices.Clone(nets), status: status, left: s.opts.Variants.StalePolls}
}

// staleLocked returns the state a read of key shows instead of the current
// one (using up one stale read), or nil.
func (s *Server) staleLocked(key string) *staleState {
	st := s.stale[key]
	if st == nil {
		return nil
	}
	st.left--
	if st.left <= 0 {
		delete(s.stale, key)
	}
	return st
}

// renderInstance renders in for call c, as the variants show it: the
// state before a recent network call (StalePolls) and the IPv6 entry's
// representation.
func (s *Server) renderInstance(c *call, in *Instance) dbInstanceView {
	v := c.w.renderInstance(in)
	nets := in.NetInfos
	if st := s.staleLocked("i/" + in.ID); st != nil {
		nets, v.DBInstanceStatus = st.nets, st.status
	}
	v.DBInstanceNetInfo = s.renderNetsVariant(nets)
	return v
}

// renderGroup renders g for call c, with the state before a recent
// network call (StalePolls).
func (s *Server) renderGroup(c *call, g *ROGroup) roGroupView {
	v := c.w.renderGroup(g)
	if st := s.staleLocked("g/" + g.ID); st != nil {
		v.DBInstanceNetInfo, v.Status = renderNets(st.nets), st.status
	}
	return v
}

// renderNetsVariant renders net infos with the IPv6 public entry as
// Variants.IPv6 says.
func (s *Server) renderNetsVariant(ns []NetInfo) []netInfoView {
	out := renderNets(ns)
	mode := s.opts.Variants.IPv6
	if mode == "" || mode == IPv6Entry {
		return out
	}
	var v6, rest []netInfoView
	for i, n := range ns {
		if !n.IPv6 {
			rest = append(rest, out[i])
			continue
		}
		view := out[i]
		switch mode {
		case IPv6NetType:
			view.NetType = netTypeIPv6
		case IPv6Address:
			view.Address, view.Ip = view.Ip, ""
		}
		v6 = append(v6, view)
	}
	if mode == IPv6Address {
		return append(v6, rest...) // listed first: "the second public entry" does not tell
	}
	return append(rest, v6...)
}

// clusterMatchesSchema applies one QueryFilter with the names of the
// current schema description (Variants.LibraSchemaFilters): ClusterId
// (exact), InstanceId (the cluster's instance, libradb-ins-…, exact) and
// InstanceName (the cluster's name; by substring unless ExactMatch), names
// in any case.
func clusterMatchesSchema(cl *Cluster, f queryFilterParam) (bool, *apiError) {
	names := slices.Clone(f.Names)
	if f.Name != nil && *f.Name != "" {
		names = append(names, *f.Name)
	}
	if len(names) == 0 {
		return false, errf(codeInvalidValue, "A filter needs Name or Names (ClusterId, InstanceId or InstanceName).")
	}
	exact := f.ExactMatch != nil && *f.ExactMatch
	for _, n := range names {
		var field string
		fuzzy := false
		switch strings.ToLower(n) {
		case "clusterid":
			field = cl.ID
		case "instanceid":
			field = strings.Replace(cl.ID, "libradb-", "libradb-ins-", 1)
		case "instancename":
			field, fuzzy = cl.Name, !exact
		default:
			return false, errf(codeInvalidValue, "Filter name %q is not supported: use ClusterId, InstanceId or InstanceName.", n)
		}
		for _, v := range f.Values {
			if field == v || (fuzzy && strings.Contains(field, v)) {
				return true, nil
			}
		}
	}
	return false, nil
}
