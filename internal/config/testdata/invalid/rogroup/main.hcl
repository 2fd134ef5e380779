provider "tencentcloud" {
  region = "ap-guangzhou"
}

postgres_ro_group "g" {
  ro_group_id        = "pgrogrp-abcd1234"
  master_instance_id = "postgres-abcd1234"

  network {
    vpc_id    = "vpc-1"
    subnet_id = "subnet-1"
  }
  network { # ERROR: Duplicate network
    vpc_id    = "vpc-2"
    subnet_id = "subnet-2"
    vip       = "10.0.0.300" # ERROR: Invalid VIP
  }
  network { # ERROR: Too many networks
    vpc_id    = "vpc-3"
    subnet_id = "subnet-3"
    vip       = "fe80::1" # ERROR: Invalid VIP
  }
}

postgres_ro_group "same_group" { # ERROR: Conflicting master_instance_id
  ro_group_id        = "pgrogrp-abcd1234"
  master_instance_id = "postgres-zzzz9999"

  network { # ERROR: Duplicate network
    vpc_id    = "vpc-2"
    subnet_id = "subnet-2"
  }
}

postgres_ro_group "missing_vpc" {
  ro_group_id        = "pgrogrp-efgh5678"
  master_instance_id = "postgres-abcd1234"

  network { # ERROR: Missing required argument
    subnet_id = "subnet-1"
  }
}
