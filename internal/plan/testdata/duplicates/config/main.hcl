# The same account on the same instance, once explicitly and once through
# a selector: an error at both places.
provider "tencentcloud" {
  region = "ap-guangzhou"
}

variable "pw" {
  type      = string
  sensitive = true
}

postgres_instance "orders" {
  instance_id = "postgres-orders01"

  account "app_user" {
    password = var.pw
  }
}

postgres_instance "prod" {
  selector {
    tags = { env = "prod" }
  }

  account "app_user" {
    password = var.pw
  }
}
