provider "tencentcloud" {
  region = "ap-guangzhou"
  domain = "intl.tencentcloudapi.com/x" # ERROR: Invalid domain

  endpoints {
    postgres = "ftp://pg"  # ERROR: Invalid endpoint
    mysql    = "mysql:443" # ERROR: Unsupported argument
  }

  endpoints { # ERROR: Duplicate endpoints block
    sts = "sts.internal"
  }
}

provider "tencentcloud" { # ERROR: Invalid region
  alias = "env"
}

postgres_instance "a" {
  instance_id = "postgres-abcd1234"
}
