package plan

import (
	"github.com/dbplan/dbplan/internal/config"
	"github.com/dbplan/dbplan/internal/secret"
)

// Passwords indexes the passwords of a configuration by the address
// actions name in SecretAddr (the configuration address of the account,
// also for accounts reached through a selector). Only accounts with a
// present password are listed, so a missing key means "not available":
// the executor must fail an action with NeedsPassword whose SecretAddr is
// missing. The map holds secret.Values; reveal them only on the wire.
func Passwords(cfg *config.Config) map[string]secret.Value {
	m := map[string]secret.Value{}
	for _, inst := range cfg.Instances {
		for _, a := range inst.Accounts {
			if a.Password.IsSet() {
				m[a.Addr] = a.Password
			}
		}
	}
	for _, c := range cfg.LibraClusters {
		for _, a := range c.Accounts {
			if a.Password.IsSet() {
				m[a.Addr] = a.Password
			}
		}
	}
	return m
}
