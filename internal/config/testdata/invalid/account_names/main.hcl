provider "tencentcloud" {
  region = "ap-guangzhou"
}

postgres_instance "a" {
  instance_id = "postgres-abcd1234"

  account "ok_name" {}
  account "_also_ok" {}
  account "1starts_with_digit" {} # ERROR: Invalid account name
  account "has-hyphen" {} # ERROR: Invalid account name
  account "postgres" {} # ERROR: Invalid account name
  account "PostGres" {} # ERROR: Invalid account name
  account "pg_reader" {} # ERROR: Invalid account name
  account "PG_READER" {} # ERROR: Invalid account name
  account "tencentdb_x" {} # ERROR: Invalid account name
  account "" {} # ERROR: Invalid account name
  account "a123456789012345678901234567890123456789012345678901234567890123" {} # ERROR: Invalid account name
  account "a12345678901234567890123456789012345678901234567890123456789012" {}
  account "typed" {
    type = "superuser" # ERROR: Invalid account type
  }
}
