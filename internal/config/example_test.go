package config_test

import (
	"fmt"
	"os"

	"github.com/hashicorp/hcl/v2"

	"github.com/dbplan/dbplan/internal/config"
)

// Loading for plan without secrets: the sensitive variable has no value,
// so the password is absent but its source is known.
func ExampleLoad() {
	cfg, diags := config.Load("testdata/valid/basic", config.LoadOptions{Mode: config.ModePlan})
	if diags.HasErrors() {
		hcl.NewDiagnosticTextWriter(os.Stderr, cfg.Files, 0, false).WriteDiagnostics(diags)
		return
	}
	for _, inst := range cfg.Instances {
		fmt.Println(inst.Addr, inst.InstanceID, inst.Region, inst.Provider)
		for _, a := range inst.Accounts {
			fmt.Printf("  %s type=%s password=%v source=%s\n", a.Addr, a.Type, a.Password, a.PasswordSource)
		}
	}
	// Output:
	// postgres_instance.orders postgres-abcd1234 ap-guangzhou tencentcloud
	//   postgres_instance.orders.account.admin type=tencentDBSuper password=(absent) source=env("PG_ADMIN_PW")
	//   postgres_instance.orders.account.app_user type=normal password=(absent) source=var.app_password
	// postgres_instance.reports postgres-efgh5678 ap-shanghai tencentcloud.sh
	//   postgres_instance.reports.account.reader type=normal password=(absent) source=
}
