provider "tencentcloud" {
  region = "ap-guangzhou"
}

postgres_instance "orders" {
  instance_id = "postgres-abcd1234"

  account "leaver" {
    locked = true
  }

  account "returner" {
    locked = false
  }
}
