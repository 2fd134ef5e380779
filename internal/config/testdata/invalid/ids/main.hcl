provider "tencentcloud" {
  region = "ap-guangzhou"
}

postgres_instance "a" {
  instance_id = "pg-abcd1234" # ERROR: Invalid instance ID
}

postgres_instance "b" {
  instance_id = "postgres-ABC" # ERROR: Invalid instance ID
}

postgres_ro_group "g" {
  ro_group_id        = "pgro-abcd1234" # ERROR: Invalid read-only group ID
  master_instance_id = "postgres-abcd1234"

  network {
    vpc_id    = "vpc_1" # ERROR: Invalid VPC ID
    subnet_id = "sub-1" # ERROR: Invalid subnet ID
  }
}

libradb_cluster "c" {
  cluster_id = "cynosdb-1234" # ERROR: Invalid cluster ID
}

postgres_instance "missing" { # ERROR: Missing instance_id
}

postgres_ro_group "missing" { # ERROR: Missing ro_group_id | ERROR: Missing master_instance_id
}

libradb_cluster "missing" { # ERROR: Missing cluster_id
}
