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
