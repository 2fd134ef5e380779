package refresh

import (
	"testing"

	"github.com/dbplan/dbplan/internal/apiclient"
)

func TestPublicStates(t *testing.T) {
	pub := func(status, ip string) apiclient.DBInstanceNetInfo {
		return apiclient.DBInstanceNetInfo{NetType: "public", Status: status, Ip: ip}
	}
	private := apiclient.DBInstanceNetInfo{NetType: "private", Status: "opened", Ip: "10.0.0.1"}
	tests := []struct {
		name   string
		nets   []apiclient.DBInstanceNetInfo
		v4, v6 string
	}{
		{"no entries", nil, "", ""},
		{"never opened", []apiclient.DBInstanceNetInfo{private, pub("initing", "")}, "initing", ""},
		{"ipv4 opened", []apiclient.DBInstanceNetInfo{pub("opened", "")}, "opened", ""},
		{"ipv6 by address", []apiclient.DBInstanceNetInfo{pub("closed", ""), pub("opening", "2402:4e00::1")}, "closed", "opening"},
		{"ipv6 listed first", []apiclient.DBInstanceNetInfo{pub("opened", "2402::1"), pub("initing", "")}, "initing", "opened"},
		{"second entry without address", []apiclient.DBInstanceNetInfo{pub("opened", ""), pub("closed", "")}, "opened", "closed"},
		// Other plausible representations (tcsim variants ipv6=nettype
		// and ipv6=address).
		{"ipv6 of its own net type", []apiclient.DBInstanceNetInfo{private, {NetType: "publicIpv6", Status: "opened", Ip: "2402::1"}, pub("closed", "")}, "closed", "opened"},
		{"ipv6 only in the address, listed first", []apiclient.DBInstanceNetInfo{{NetType: "public", Status: "opening", Address: "2402:4e00::7"}, pub("opened", "")}, "opened", "opening"},
		{"ipv6 in the address after ipv4", []apiclient.DBInstanceNetInfo{pub("opened", ""), {NetType: "public", Status: "closed", Address: "2402:4e00::7"}}, "opened", "closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v4, v6 := publicStates(tt.nets)
			if v4 != tt.v4 || v6 != tt.v6 {
				t.Errorf("publicStates() = (%q, %q), want (%q, %q)", v4, v6, tt.v4, tt.v6)
			}
		})
	}
}
