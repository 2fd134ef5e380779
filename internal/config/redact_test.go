package config

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRedactSource(t *testing.T) {
	tests := map[string]struct {
		file, src, want string
	}{
		"literal password": {
			file: "main.hcl",
			src:  "account \"a\" {\n  password = \"Secr3t!x\"\n  remark   = \"kept\"\n}\n",
			want: "account \"a\" {\n  password = **********\n  remark   = \"kept\"\n}\n",
		},
		"reference kept": {
			file: "main.hcl",
			src:  "account \"a\" {\n  password = var.app_password\n}\n",
			want: "account \"a\" {\n  password = var.app_password\n}\n",
		},
		"heredoc and interpolation": {
			file: "main.hcl",
			src:  "locals {\n  db_secret = <<EOT\nSecr3t!x\nEOT\n  api_token = \"x-${var.y}\"\n}\n",
			want: "locals {\n  db_secret = *****\n********\n***\n  api_token = ************\n}\n",
		},
		"object keys": {
			file: "main.hcl",
			src:  "locals {\n  m = { user = \"u\", password = \"Secr3t!x\", \"secret_key\" = \"Secr3t!y\" }\n}\n",
			want: "locals {\n  m = { user = \"u\", password = **********, \"secret_key\" = ********** }\n}\n",
		},
		"sensitive default": {
			file: "main.hcl",
			src:  "variable \"app\" {\n  sensitive = true\n  default   = \"Secr3t!x\"\n}\nvariable \"region\" {\n  default = \"ap-guangzhou\"\n}\n",
			want: "variable \"app\" {\n  sensitive = true\n  default   = **********\n}\nvariable \"region\" {\n  default = \"ap-guangzhou\"\n}\n",
		},
		"variable file": {
			file: "prod.auto.vars.hcl",
			src:  "app_pasword = \"Secr3t!x\"\nids = [\n  \"a\",\n]\n",
			want: "app_pasword = **********\nids = *\n  ****\n*\n",
		},
		"unparsable: secret lines only": {
			file: "main.hcl",
			src:  "account \"a\" {\n  password = \"Secr3t!x\n  remark = \"kept\"\n",
			want: "account \"a\" {\n  password = *********\n  remark = \"kept\"\n",
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got := string(RedactSource([]byte(tt.src), tt.file))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("RedactSource() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestIsSecretName(t *testing.T) {
	for name, want := range map[string]bool{
		"password": true, "app_password": true, "PASSWD": true, "pw": true, "db_pw": true, "pwd": true,
		"secret_key": true, "api_key": true, "token": true, "credentials": true,
		"remark": false, "instance_id": false, "host": false, "keys": false, "type": false, "power": false,
	} {
		if got := IsSecretName(name); got != want {
			t.Errorf("IsSecretName(%q) = %v, want %v", name, got, want)
		}
	}
}
