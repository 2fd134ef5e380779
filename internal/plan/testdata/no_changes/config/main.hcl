# Everything already matches: "No changes." with the counts.
provider "tencentcloud" {
  region = "ap-guangzhou"
}

variable "pw" {
  type      = string
  sensitive = true
}

postgres_instance "orders" {
  instance_id = "postgres-orders01"
  extranet {
    enabled = true
  }
  account "app_user" {
    password = var.pw
    remark   = "orders-app"
    cam      = false
  }
}

postgres_ro_group "reports" {
  ro_group_id        = "pgrogrp-reports01"
  master_instance_id = "postgres-orders01"
  network {
    vpc_id    = "vpc-base"
    subnet_id = "subnet-base"
  }
}

libradb_cluster "warehouse" {
  cluster_id = "libradb-wh01"
  account "etl" {
    password = var.pw
  }
}
