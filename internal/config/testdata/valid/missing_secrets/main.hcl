provider "tencentcloud" {
  region = "ap-guangzhou"
}

variable "app_password" {
  type      = string
  sensitive = true
}

postgres_instance "a" {
  instance_id = "postgres-abcd1234"

  account "app" {
    password = var.app_password
  }
  account "ops" {
    password = env("OPS_PASSWORD")
  }
}
