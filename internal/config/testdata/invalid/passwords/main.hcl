provider "tencentcloud" {
  region = "ap-guangzhou"
}

variable "short" {
  type      = string
  sensitive = true
  default   = "Ab1!xyz"
}

variable "good" {
  type      = string
  sensitive = true
  default   = "Good_Passw0rd!"
}

variable "plain" {
  type    = string
  default = "Plain_Passw0rd!"
}

postgres_instance "a" {
  instance_id = "postgres-abcd1234"

  account "good" {
    password = var.good
  }
  account "short" {
    password = var.short # ERROR: Invalid password
  }
  account "literal" {
    password = "Literal_Passw0rd!" # WARNING: Password not sensitive
  }
  account "from_plain_var" {
    password = var.plain # WARNING: Password not sensitive
  }
  account "too_long" {
    password = "Aa1!aaaaaaaaaaaaaaaaaaaaaaaaaaaaa" # WARNING: Password not sensitive | ERROR: Invalid password
  }
  account "no_upper" {
    password = "lower_case1!" # WARNING: Password not sensitive | ERROR: Invalid password
  }
  account "no_special" {
    password = "NoSpecial123" # WARNING: Password not sensitive | ERROR: Invalid password
  }
  account "semicolon" {
    password = "Semi;colon123A" # WARNING: Password not sensitive | ERROR: Invalid password
  }
  account "slash" {
    password = "/Slash_first1" # WARNING: Password not sensitive | ERROR: Invalid password
  }
  account "number" {
    password = ["Aa1!aaaaaa"] # ERROR: Incorrect attribute value type
  }
}
