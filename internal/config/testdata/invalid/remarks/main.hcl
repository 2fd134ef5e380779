provider "tencentcloud" {
  region = "ap-guangzhou"
}

postgres_instance "a" {
  instance_id = "postgres-abcd1234"

  account "ok" {
    remark = "订单_app-1"
  }
  account "empty" {
    remark = ""
  }
  account "space" {
    remark = "has space" # ERROR: Invalid remark
  }
  account "long" {
    remark = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" # ERROR: Invalid remark
  }
  account "dot" {
    remark = "v1.2" # ERROR: Invalid remark
  }
}
