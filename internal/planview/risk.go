package planview

import "github.com/dbplan/dbplan/internal/plan"

// riskView is how the views present one risk (plan.Action.Risks): a
// label next to the action, and a call-out at the top of the Markdown
// comment listing every action carrying it.
type riskView struct {
	name  string // plan.Risk* constant
	label string // next to the action in human and Markdown details
	alert string // GitHub alert type of the call-out
	title string // call-out title
	what  string // "N object(s) <what>:"
}

// risks is the one table of risk presentations, in call-out order. A
// risk missing here is shown by its name and gets no call-out.
var risks = []riskView{
	{plan.RiskDeletes, "deletes", "CAUTION", "Deletions", "will be deleted"},
	{plan.RiskRemovesAccess, "removes access", "CAUTION", "Access removed", "will lose access: locked accounts (their sessions end, they can no longer sign in), revoked privileges, superusers made normal"},
	{plan.RiskPasswordReset, "password reset", "IMPORTANT", "Password resets", "get a new password (clients using the old one can no longer sign in)"},
	{plan.RiskPublicExposure, "public exposure", "WARNING", "Public exposure", "will become reachable from the internet"},
	{plan.RiskSuperuser, "superuser (tencentDBSuper)", "WARNING", "Superuser accounts", "will be tencentDBSuper superusers (created so, or changed from normal)"},
	{plan.RiskCAM, "CAM authentication change", "IMPORTANT", "CAM authentication changes", "change how the account signs in"},
}

// riskLabel is the reviewer-facing name of a risk.
func riskLabel(r string) string {
	for _, v := range risks {
		if v.name == r {
			return v.label
		}
	}
	return r
}
