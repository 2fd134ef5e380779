# Every account row of the diff table, passwords from variables and env().
provider "tencentcloud" {
  region = "ap-guangzhou"
}

variable "app_password" {
  type      = string
  sensitive = true
}

# No value in the PR job: the plan notes it is needed at apply.
variable "ops_password" {
  type      = string
  sensitive = true
}

postgres_instance "orders" {
  instance_id = "postgres-orders01"

  # absent: created, remark folded into CreateAccount
  account "app_user" {
    password = var.app_password
    remark   = "orders-app"
  }

  # absent: superuser create, password unknown at plan time
  account "ops" {
    type     = "tencentDBSuper"
    password = var.ops_password
  }

  # absent: CAM account, OpenCam folded in, no password needed
  account "auditor" {
    cam = true
  }

  # present, remark differs
  account "reporting" {
    password = env("PG_REPORTING_PW")
    remark   = "reporting-v2"
  }

  # present, CAM off: open it
  account "bi" {
    cam = true
  }

  # present, CAM on: close it (sends the password)
  account "legacy_app" {
    password = env("PG_LEGACY_PW")
    cam      = false
  }

  # present and equal
  account "steady" {
    password = var.app_password
    remark   = "steady"
  }
}

# Not running: still planned, with a warning.
postgres_instance "archive" {
  instance_id = "postgres-archive01"

  account "app_user" {
    password = var.app_password
  }
}
