# The configuration the CI recipe plans and applies (github-actions.yml
# points DBPLAN_DIR at your own directory; this one runs against the
# simulator so the recipe's commands are tested).
provider "tencentcloud" {
  region = "ap-guangzhou"
}

variable "app_password" {
  type      = string
  sensitive = true
}

postgres_instance "payments" {
  instance_id = "postgres-ci000001"

  account "payments_app" {
    password = var.app_password
    remark   = "payments"
  }

  account "payments_audit" {
    cam    = true
    remark = "audit"
  }
}
