# Read-only group networks: present, absent (auto and fixed VIP), two
# creates on one group (serialized), an unmanaged network, a busy group.
provider "tencentcloud" {
  region = "ap-guangzhou"
}

postgres_ro_group "reports" {
  ro_group_id        = "pgrogrp-reports01"
  master_instance_id = "postgres-orders01"

  network {
    vpc_id    = "vpc-base"
    subnet_id = "subnet-base"
  }

  network {
    vpc_id    = "vpc-bi"
    subnet_id = "subnet-bi"
    vip       = "10.20.0.15"
  }
}

postgres_ro_group "analytics" {
  ro_group_id        = "pgrogrp-analytics01"
  master_instance_id = "postgres-orders01"

  network {
    vpc_id    = "vpc-a1"
    subnet_id = "subnet-a1"
  }

  network {
    vpc_id    = "vpc-a2"
    subnet_id = "subnet-a2"
  }
}

postgres_ro_group "busy" {
  ro_group_id        = "pgrogrp-busy01"
  master_instance_id = "postgres-orders01"

  network {
    vpc_id    = "vpc-base"
    subnet_id = "subnet-base"
  }
}
