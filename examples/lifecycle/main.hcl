# Offboarding and rotation: take access away and rotate passwords, each
# only where this file says so. Runs against the embedded simulator
# (world.json in this directory):
#
#   go run ./cmd/dbplan plan -sim examples/lifecycle
#   go run ./cmd/dbplan apply -auto-approve -sim examples/lifecycle
#
provider "tencentcloud" {
  region = "ap-guangzhou"
}

variable "api_password" {
  type        = string
  sensitive   = true
  description = "The new password of the payments API account."
}

variable "etl_password" {
  type      = string
  sensitive = true
}

postgres_instance "payments" {
  instance_id      = "postgres-lc000001"
  max_password_age = "90d"

  # Undeclared accounts named tmp_* are deleted; other undeclared ones
  # (root, dba_alice) are only listed as unmanaged.
  prune_accounts {
    name_pattern = "tmp_*"
  }

  # Rotated: reset to the new password, because it was last set before
  # this time. The next plan shows no change.
  account "api" {
    password               = var.api_password
    password_changed_after = "2026-06-01T00:00:00+08:00"
  }

  # Off-boarded contractor: deleted.
  account "contractor" {
    absent = true
  }

  # On leave: locked, kept.
  account "on_leave" {
    locked = true
  }
}

# The group has two networks: the old one is removed before the new one
# is added (a group holds at most two and keeps at least one).
postgres_ro_group "reporting" {
  ro_group_id        = "pgrogrp-lc000001"
  master_instance_id = "postgres-lc000001"

  network {
    vpc_id    = "vpc-old00001"
    subnet_id = "subnet-old00001"
    absent    = true
  }

  network {
    vpc_id    = "vpc-new00001"
    subnet_id = "subnet-new00001"
  }
}

libradb_cluster "warehouse" {
  cluster_id = "libradb-lc000001"

  account "etl" {
    password               = var.etl_password
    password_changed_after = "2026-06-01T00:00:00+08:00"
  }

  account "etl_v1" {
    host   = "10.0.0.5"
    absent = true
  }
}
