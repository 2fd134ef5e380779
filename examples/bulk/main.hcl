# Bulk provisioning: the same accounts on every production instance.
#
# Two ways to target many instances:
#   1. for_each over a list of ids you manage yourself;
#   2. a selector resolved at plan time from DescribeDBInstances
#      (tags, name pattern, region), so new instances are picked up
#      without editing this file.
provider "tencentcloud" {
  region = "ap-guangzhou"
}

variable "app_password" {
  type      = string
  sensitive = true
}

locals {
  # Instances listed explicitly (for_each).
  billing = toset([for i in range(1, 11) : format("postgres-bulk%04d", i)])
}

postgres_instance "billing" {
  for_each    = local.billing
  instance_id = each.key

  account "billing_app" {
    password = var.app_password
    remark   = "billing"
  }
}

# Every instance tagged env=prod whose name starts with "shop-".
postgres_instance "shop" {
  selector {
    tags         = { env = "prod" }
    name_pattern = "shop-*"
  }

  account "shop_app" {
    password = var.app_password
    remark   = "shop"
  }

  account "shop_readonly" {
    cam    = true
    remark = "readonly"
  }
}
