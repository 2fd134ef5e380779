# A read-only group reachable from two VPCs: one address chosen by us,
# one assigned automatically. A group holds at most two networks.
provider "tencentcloud" {
  region = "ap-shanghai"
}

postgres_ro_group "reporting" {
  ro_group_id        = "pgrogrp-rep00001"
  master_instance_id = "postgres-rep00001"

  network {
    vpc_id    = "vpc-analytics1"
    subnet_id = "subnet-analytics1"
    vip       = "10.20.0.15"
  }

  network {
    vpc_id    = "vpc-bi000001"
    subnet_id = "subnet-bi000001"
  }
}
