provider "tencentcloud" {
  region = "ap-guangzhou"
}

postgres_instance "both" {
  instance_id = "postgres-abcd1234" # ERROR: Conflicting instance_id and selector
  selector {
    tags = { env = "prod" }
  }
}

postgres_instance "empty" {
  selector { # ERROR: Empty selector
  }
}

postgres_instance "pattern" {
  selector {
    name_pattern = "orders-[" # ERROR: Invalid name pattern
    instance_ids = ["postgres-abcd1234", "mysql-1"] # ERROR: Invalid instance ID
  }
  selector { # ERROR: Duplicate selector block
    name_pattern = "*"
  }
}
