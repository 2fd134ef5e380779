# Taking access away and giving it back: every lifecycle row of the diff.
provider "tencentcloud" {
  region = "ap-guangzhou"
}

variable "new_hire_password" {
  type      = string
  sensitive = true
}

postgres_instance "orders" {
  instance_id = "postgres-orders01"

  # unlocked: locked now (sessions closed, sign-ins refused)
  account "leaver" {
    locked = true
  }

  # locked: unlocked again
  account "returner" {
    locked = false
  }

  # locked, locked not set: left locked, with a note
  account "suspended" {}

  # absent: created, then locked
  account "new_hire" {
    password = var.new_hire_password
    locked   = true
  }
}
