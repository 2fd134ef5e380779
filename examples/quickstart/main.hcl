# Quickstart: two accounts and public access on one PostgreSQL instance.
# Runs against the embedded simulator (world.json in this directory):
#
#   go run ./cmd/dbplan apply -auto-approve -sim examples/quickstart
#
provider "tencentcloud" {
  region = "ap-guangzhou"
}

variable "app_password" {
  type        = string
  sensitive   = true
  description = "Password of the orders service account."
}

postgres_instance "orders" {
  instance_id = "postgres-qs000001"

  extranet {
    enabled = true
  }

  account "orders_app" {
    type     = "normal"
    password = var.app_password
    remark   = "orders-service"
  }

  # A CAM-verified account logs in with CAM credentials: no password.
  account "orders_analyst" {
    cam    = true
    remark = "analysts"
  }
}
