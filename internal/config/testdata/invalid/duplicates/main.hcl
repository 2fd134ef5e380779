provider "tencentcloud" {
  region = "ap-guangzhou"
}

postgres_instance "a" {
  instance_id = "postgres-abcd1234"

  extranet { # ERROR: Duplicate extranet block
    enabled = true
  }

  account "app" {} # ERROR: Duplicate account
  account "app" {} # ERROR: Duplicate account
  account "shared" {} # ERROR: Duplicate account
}

postgres_instance "same_id" {
  instance_id = "postgres-abcd1234"

  extranet { # ERROR: Duplicate extranet block
    enabled = false
  }

  account "shared" {} # ERROR: Duplicate account
}

postgres_instance "a" { # ERROR: Duplicate postgres_instance block
  instance_id = "postgres-other111"
}

postgres_instance "twice" {
  instance_id = "postgres-twice111"
  extranet {
    enabled = true
  }
  extranet { # ERROR: Duplicate extranet block
    enabled = true
  }
}

# Two for_each keys naming the same instance declare the same account:
# reported once per key, at the account block.
postgres_instance "fleet" {
  for_each    = { one = "postgres-fleet111", two = "postgres-fleet111", three = "postgres-fleet333" }
  instance_id = each.value

  account "fleet_user" {} # ERROR: Duplicate account | ERROR: Duplicate account
}
