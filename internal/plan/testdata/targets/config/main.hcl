# -target limits the plan to addresses or prefixes; a mistyped target is
# noted.
provider "tencentcloud" {
  region = "ap-guangzhou"
}

variable "pw" {
  type      = string
  sensitive = true
}

postgres_instance "a" {
  instance_id = "postgres-a01"
  extranet {
    enabled = true
  }
  account "x" {
    password = var.pw
  }
  account "y" {
    password = var.pw
  }
}

postgres_instance "ab" {
  instance_id = "postgres-ab01"
  account "x" {
    password = var.pw
  }
}
