provider "tencentcloud" {
  region = "ap-guangzhou"
}

variable "secret" {
  type      = string
  sensitive = true
  default   = "Top_Secret_Value1"
}

locals {
  derived = "prefix-${var.secret}"
}

postgres_instance "a" {
  instance_id = env("INSTANCE_ID") # ERROR: Sensitive value not allowed here

  account "u" {
    password = var.secret
    remark   = var.secret # ERROR: Sensitive value not allowed here
  }
  account "v" {
    remark = local.derived # ERROR: Sensitive value not allowed here
  }
  account "w" {
    remark = nonsensitive(var.secret)
  }
}
