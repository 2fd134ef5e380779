provider "tencentcloud" {
  region = "ap-guangzhou"
}

variable "needed" { # ERROR: No value for required variable
  type = string
}

variable "region" {
  type    = string
  default = "ap-guangzhou"
  validation {
    condition     = startswith(var.region, "ap-")
    error_message = "The region must be in Asia-Pacific."
  }
}

variable "prefix" {
  type    = string
  default = "BAD" # ERROR: Invalid value for variable
  validation {
    condition     = lower(var.prefix) == var.prefix
    error_message = "The prefix must be lowercase."
  }
}

variable "count_default" {
  type    = number
  default = "many" # ERROR: Invalid value for variable
}

variable "peeks" {
  type    = string
  default = "x"
  validation {
    condition     = var.region != "" # ERROR: Invalid validation condition
    error_message = "Nope."
  }
}

variable "needed" { # ERROR: Duplicate variable
  type = string
}

variable "bad_type" {
  type = strang # ERROR: Invalid type specification
}

variable "from_file" {
  type = list(string)
}

postgres_instance "a" {
  instance_id = "postgres-abcd1234"

  account "u" {
    remark = var.not_declared # ERROR: Reference to undeclared variable
  }
}
