provider "tencentcloud" {
  region = "ap-guangzhou"
}

postgres_instance "a" {
  instance_id = ["postgres-abcd1234"] # ERROR: Incorrect attribute value type

  extranet {
    enabled = "maybe" # ERROR: Incorrect attribute value type
    ipv6    = true
  }

  account "u" {
    cam    = [true] # ERROR: Incorrect attribute value type
    remark = { a = 1 } # ERROR: Incorrect attribute value type
  }
  account "v" {
    cam = "true"
    remark = 12
  }
}

libradb_cluster "c" {
  cluster_id = "libradb-abcd1234"
  account "x" {
    max_user_connections = "lots" # ERROR: Incorrect attribute value type
  }
}
