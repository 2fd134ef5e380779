# A selector expands to one instance per match; one that matches nothing
# is a warning.
provider "tencentcloud" {
  region = "ap-guangzhou"
}

variable "reader_password" {
  type      = string
  sensitive = true
}

postgres_instance "prod" {
  selector {
    tags = { env = "prod" }
  }

  account "reader" {
    password = var.reader_password
    remark   = "read-only"
  }
}

postgres_instance "staging" {
  selector {
    name_pattern = "staging-*"
  }

  account "reader" {
    password = var.reader_password
  }
}
