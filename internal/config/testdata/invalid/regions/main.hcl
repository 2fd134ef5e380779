provider "tencentcloud" {
  region = "ap-shanghai-fsi"
}

provider "tencentcloud" {
  alias  = "bad"
  region = "us-east-1" # ERROR: Invalid region
}

provider "tencentcloud" {
  alias = "none"
}

postgres_instance "fsi_ok" {
  instance_id = "postgres-abcd1234"
}

postgres_instance "bad" {
  instance_id = "postgres-abcd1235"
  region      = "ap-mumbai" # ERROR: Invalid region
}

postgres_instance "noregion" { # ERROR: Missing region
  instance_id = "postgres-abcd1236"
  provider    = tencentcloud.none
}

postgres_instance "inherits_bad" {
  instance_id = "postgres-abcd1237"
  provider    = tencentcloud.bad
}

libradb_cluster "fsi" { # ERROR: Invalid region
  cluster_id = "libradb-abcd1234"
}

libradb_cluster "fsi_explicit" {
  cluster_id = "libradb-abcd1235"
  region     = "ap-shanghai-fsi" # ERROR: Invalid region
}
