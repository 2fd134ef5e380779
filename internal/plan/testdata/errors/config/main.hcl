# Objects the cloud does not have and a missing password source: errors
# at the declaring blocks.
provider "tencentcloud" {
  region = "ap-guangzhou"
}

postgres_instance "gone" {
  instance_id = "postgres-gone01"

  account "app_user" {
    cam = true
  }
}

postgres_instance "orders" {
  instance_id = "postgres-orders01"

  account "admin" {
    cam = true
  }

  account "nopass" {
    remark = "no-password-given"
  }
}

postgres_ro_group "gone" {
  ro_group_id        = "pgrogrp-gone01"
  master_instance_id = "postgres-orders01"

  network {
    vpc_id    = "vpc-a1"
    subnet_id = "subnet-a1"
  }
}

libradb_cluster "gone" {
  cluster_id = "libradb-gone01"
}
