provider "tencentcloud" {
  region = "ap-guangzhou"
  rate_limits = {
    CreateAccount = 40
    CreateAcount  = 40 # ERROR: Unknown API action
    OpenAccountCAM = -1 # ERROR: Invalid rate limit
  }
}

provider "tencentcloud" { # ERROR: Duplicate provider configuration
  region = "ap-beijing"
}

provider "tencentcloud" {
  alias    = "x"
  endpoint = "ftp://sim" # ERROR: Invalid endpoint
}

provider "aws" { # ERROR: Unsupported provider
}

postgres_instance "a" {
  instance_id = "postgres-abcd1234"
  provider    = tencentcloud.nope # ERROR: Unknown provider alias
}

postgres_instance "b" {
  instance_id = "postgres-abcd1235"
  provider    = "tencentcloud.x" # ERROR: Invalid provider reference
}
