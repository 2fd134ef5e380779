provider "tencentcloud" {
  region = "ap-guangzhou"
}

postgres_instance "orders" {
  instance_id = "postgres-abcd1234"

  prune_accounts {
    name_pattern = "app_*"
    except       = ["app_legacy"]
  }

  account "leaver" {
    locked = true
  }

  account "returner" {
    locked = false
  }

  account "old_app" {
    absent = true
  }

  account "kept" {
    absent = false
    remark = "kept"
  }
}

postgres_ro_group "reporting" {
  ro_group_id        = "pgrogrp-abcd1234"
  master_instance_id = "postgres-abcd1234"

  network {
    vpc_id    = "vpc-old00001"
    subnet_id = "subnet-old00001"
    vip       = "10.0.0.9"
    absent    = true
  }

  network {
    vpc_id    = "vpc-new00001"
    subnet_id = "subnet-new00001"
  }

  network {
    vpc_id    = "vpc-new00002"
    subnet_id = "subnet-new00002"
  }
}

libradb_cluster "warehouse" {
  cluster_id = "libradb-abcd1234"

  prune_accounts {
    name_pattern = "etl_*"
  }

  account "etl_old" {
    host   = "10.0.0.1"
    absent = true
  }
}

variable "rotated_pw" {
  type      = string
  sensitive = true
}

postgres_instance "rotating" {
  instance_id      = "postgres-efgh5678"
  max_password_age = "90d"

  account "app" {
    password               = var.rotated_pw
    password_changed_after = "2026-06-01T00:00:00+08:00"
  }

  # CAM is not declared off: a CAM account is refreshed without a password.
  account "cam_user" {
    password_changed_after = "2026-06-01T00:00:00Z"
    max_password_age       = "2w"
  }
}

libradb_cluster "rotating" {
  cluster_id       = "libradb-efgh5678"
  max_password_age = "36h"

  account "etl" {
    password               = var.rotated_pw
    password_changed_after = "2026-06-01T00:00:00+08:00"
  }
}
