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

postgres_instance "rotation" {
  instance_id      = "postgres-uvwx1234"
  max_password_age = "90" # ERROR: Invalid max_password_age

  account "a" {
    password               = var.pw
    password_changed_after = "2026-06-01" # ERROR: Invalid password_changed_after
  }

  account "b" {
    password               = var.pw
    password_changed_after = "2999-01-01T00:00:00Z" # ERROR: password_changed_after in the future
  }

  account "c" {
    cam                    = false
    password_changed_after = "2026-06-01T00:00:00Z" # ERROR: Password required
  }

  account "d" {
    password         = var.pw
    max_password_age = "0d" # ERROR: Invalid max_password_age
  }

  account "e" {
    absent                 = true
    password_changed_after = "2026-06-01T00:00:00Z" # ERROR: Conflicting attributes with absent
  }
}

libradb_cluster "rotation" {
  cluster_id = "libradb-efgh5678"

  account "etl" {
    password_changed_after = "2026-06-01T00:00:00Z" # ERROR: Password required
    max_password_age       = "3m" # ERROR: Invalid max_password_age
  }
}
