package plan

import "github.com/dbplan/dbplan/internal/config"

// refuseGrants reports every grant of an account: this dbplan loads and
// checks grants but does not plan them yet, and planning without them
// would silently leave privileges as they are.
func (b *builder) refuseGrants(grants []*config.Grant) {
	for _, g := range grants {
		b.errorAt(g.DeclRange, "Grants are not planned yet",
			"This dbplan checks grant blocks and the grants argument but cannot plan privilege changes yet. Remove the grant, or use a dbplan that plans privileges.")
	}
}
