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
