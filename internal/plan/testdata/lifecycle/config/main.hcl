# Taking access away and giving it back: every lifecycle row of the diff.
provider "tencentcloud" {
  region = "ap-guangzhou"
}

variable "new_hire_password" {
  type      = string
  sensitive = true
}

postgres_instance "orders" {
  instance_id = "postgres-orders01"

  # unlocked: locked now (sessions closed, sign-ins refused)
  account "leaver" {
    locked = true
  }

  # locked: unlocked again
  account "returner" {
    locked = false
  }

  # locked, locked not set: left locked, with a note
  account "suspended" {}

  # absent: created, then locked
  account "new_hire" {
    password = var.new_hire_password
    locked   = true
  }
}

# Deletes: only what the configuration declares absent or prunes.
postgres_instance "billing" {
  instance_id = "postgres-billing01"

  # undeclared accounts matching app_* are deleted, except app_legacy
  prune_accounts {
    name_pattern = "app_*"
    except       = ["app_legacy"]
  }

  account "app_billing" {}

  # present: deleted
  account "contractor" {
    absent = true
  }

  # already absent: nothing to do
  account "intern" {
    absent = true
  }
}

# A full group swaps a network: the removal runs first.
postgres_ro_group "reporting" {
  ro_group_id        = "pgrogrp-report01"
  master_instance_id = "postgres-billing01"

  network {
    vpc_id    = "vpc-old00001"
    subnet_id = "subnet-old00001"
    absent    = true
  }

  network {
    vpc_id    = "vpc-new00001"
    subnet_id = "subnet-new00001"
    vip       = "10.1.0.20"
  }
}

libradb_cluster "warehouse" {
  cluster_id = "libradb-wh000001"

  prune_accounts {
    name_pattern = "tmp_*"
  }

  account "etl_v1" {
    host   = "10.0.0.5"
    absent = true
  }
}

variable "rotated_password" {
  type      = string
  sensitive = true
}

# Rotation: one reviewed change sets a new secret and a new date.
postgres_instance "payments" {
  instance_id      = "postgres-payments1"
  max_password_age = "90d"

  # last set before the date: reset to the configured password
  account "api" {
    password               = var.rotated_password
    password_changed_after = "2026-06-01T00:00:00+08:00"
  }

  # CAM on: the service refreshes it, no password needed
  account "reader" {
    password_changed_after = "2026-06-01T00:00:00+08:00"
  }

  # set after the date: nothing to do
  account "worker" {
    password               = var.rotated_password
    password_changed_after = "2026-06-01T00:00:00+08:00"
  }

  # never rotated through the API: age unknown, reported
  account "batch" {}

  # old, but its own limit is longer
  account "archiver" {
    max_password_age = "52w"
  }
}

libradb_cluster "analytics" {
  cluster_id       = "libradb-an000001"
  max_password_age = "30d"

  account "loader" {
    password               = var.rotated_password
    password_changed_after = "2026-06-01T00:00:00+08:00"
  }
}
