provider "tencentcloud" {
  region = "ap-guangzhou"
}

locals {
  a = local.b # ERROR: Cycle in local values
  b = local.c
  c = local.a
  self = local.self # ERROR: Cycle in local values
  fine = "ok"
  uses = local.missing # ERROR: Reference to undeclared local value
  via_cycle = "${local.a}-x"
}

locals {
  fine = "again" # ERROR: Duplicate local value
}

postgres_instance "a" {
  instance_id = "postgres-abcd1234"
  account "u" {
    remark = local.via_cycle
  }
}
