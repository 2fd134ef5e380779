provider "tencentcloud" {
  region = "ap-guangzhou"
}

variable "pw" {
  type      = string
  sensitive = true
  default   = "short"
}

libradb_cluster "c" {
  cluster_id = "libradb-abcd1234"

  account "Admin1" {
    description          = "anything goes here: even spaces."
    max_user_connections = 10240
  }
  account "Admin1" {
    host = "10.0.0.1"
  }
  account "_under" {} # ERROR: Invalid account name
  account "ends_" {} # ERROR: Invalid account name
  account "a234567890123456789012345678901" {} # ERROR: Invalid account name
  account "hosty" {
    host = "10.0.0.0/8" # ERROR: Invalid host
  }
  account "shortpw" {
    password = var.pw # ERROR: Invalid password
  }
  account "conns" {
    max_user_connections = 10241 # ERROR: Invalid max_user_connections
  }
  account "frac" {
    max_user_connections = 1.5 # ERROR: Invalid max_user_connections
  }
  account "dup" {} # ERROR: Duplicate LibraDB account
  account "dup" { # ERROR: Duplicate LibraDB account
    host = "%"
  }
}
