provider "tencentcloud" {
  region = "ap-guangzhou"
}

postgres_instance "a" {
  instance_id "postgres-abcd1234" # ERROR: Invalid block definition
}
