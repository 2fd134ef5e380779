provider "tencentcloud" {
  region = "ap-guangzhou"
}

variable "pw" {
  type      = string
  sensitive = true
}

postgres_instance "orders" {
  instance_id = "postgres-abcd1234"

  prune_accounts {
    name_pattern = "*" # ERROR: Prune pattern matches system accounts
  }

  prune_accounts { # ERROR: Duplicate prune_accounts block
    name_pattern = "app_*"
  }

  account "leaver" {
    locked = "maybe" # ERROR: Incorrect attribute value type
  }

  account "gone" {
    absent   = true
    password = var.pw # ERROR: Conflicting attributes with absent
    remark   = "x"    # ERROR: Conflicting attributes with absent
    locked   = true   # ERROR: Conflicting attributes with absent
  }

  account "root" {
    absent = true # ERROR: System account cannot be deleted
  }

  account "revoked" {
    absent = true
    grant { # ERROR: Conflicting attributes with absent
      object_type = "table"
      database    = "orders"
      schema      = "public"
      objects     = ["orders"]
      privileges  = ["select"]
    }
  }

  account "pg_x" { # ERROR: Invalid account name
    absent = true # ERROR: System account cannot be deleted
  }
}

postgres_instance "more" {
  instance_id = "postgres-efgh5678"

  prune_accounts {
    name_pattern = "r*t" # ERROR: Prune pattern matches system accounts
  }
}

postgres_instance "bad_patterns" {
  instance_id = "postgres-ijkl9012"

  prune_accounts {
    name_pattern = "app_[" # ERROR: Invalid name pattern
  }
}

postgres_instance "empty_pattern" {
  instance_id = "postgres-mnop3456"

  prune_accounts {
    name_pattern = "" # ERROR: Empty name pattern
  }
}

postgres_instance "no_pattern" {
  instance_id = "postgres-qrst7890"

  prune_accounts { # ERROR: Missing required argument
    except = ["a"]
  }
}

postgres_ro_group "g" {
  ro_group_id        = "pgrogrp-abcd1234"
  master_instance_id = "postgres-abcd1234"

  network {
    vpc_id    = "vpc-a"
    subnet_id = "subnet-a"
    absent    = "soon" # ERROR: Incorrect attribute value type
  }
}

libradb_cluster "w" {
  cluster_id = "libradb-abcd1234"

  prune_accounts {
    name_pattern = "*" # ERROR: Prune pattern matches system accounts
  }

  account "root" {
    absent = true # ERROR: System account cannot be deleted
  }

  account "etl" {
    host        = "10.0.0.1"
    description = "x" # ERROR: Conflicting attributes with absent
    absent      = true
  }
}
