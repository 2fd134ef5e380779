provider "tencentcloud" {
  region  = "ap-guangzhou"
  profile = "" # ERROR: Invalid profile

  assume_role {
    role_arn         = "arn:aws:iam::123:role/x" # ERROR: Invalid role ARN
    session_name     = "has space"               # ERROR: Invalid session name
    session_duration = 50000                     # ERROR: Invalid session duration
    external_id      = "x"                       # ERROR: Invalid external ID
  }
  assume_role { # ERROR: Duplicate assume_role block
    role_arn = "qcs::cam::uin/100000000001:roleName/a"
  }

  allowed_account_ids   = ["100000000001", "prod"] # ERROR: Invalid account ID
  forbidden_account_ids = ["100000000002"]         # ERROR: Conflicting account lists
}

provider "tencentcloud" {
  alias = "ci"

  assume_role {
    role_arn = "qcs::cam::uin/100000000001:roleName/deployer"
  }
  assume_role_with_web_identity { # ERROR: Conflicting identities
    role_arn                = "qcs::cam::uin/100000000001:roleName/ci"
    web_identity_token_file = "/tmp/token"
  }
}

provider "tencentcloud" {
  alias = "oidc"

  assume_role_with_web_identity { # ERROR: Missing role ARN
    web_identity_token = "eyJ..." # ERROR: Token in configuration
  }
  allowed_account_ids = [] # ERROR: Empty account list
}

postgres_instance "a" {
  instance_id = "postgres-abcd1234"
}
