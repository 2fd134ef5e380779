provider "tencentcloud" {
  region = "ap-guangzhou"
}

locals {
  users = {
    good_one = "normal"
    "pg_bad" = "normal"
    boss     = "root"
  }
}

postgres_instance "a" {
  instance_id = "postgres-abcd1234"

  dynamic "account" {
    for_each = local.users
    labels   = [account.key] # ERROR: Invalid account name
    content {
      type = account.value # ERROR: Invalid account type
    }
  }
}
