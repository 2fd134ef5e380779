provider "tencentcloud" {
  region = "ap-guangzhou"
  secret_key = "x" # ERROR: Credentials in configuration
}

mysql_instance "x" { # ERROR: Unsupported block type
}

postgres_instance "a" {
  instance_id = "postgres-abcd1234"
  name        = "orders" # ERROR: Unsupported argument

  account "u" {
    passwd = "x" # ERROR: Unsupported argument
  }
  database "d" { # ERROR: Unsupported block type
  }
  extranet {
    enabled = true
    port    = 5432 # ERROR: Unsupported argument
  }
}

top_level = 1 # ERROR: Unsupported argument
