provider "tencentcloud" {
  region = "ap-guangzhou"
}

variable "secret_map" {
  type      = map(string)
  sensitive = true
  default   = { a = "postgres-aaaa1111" }
}

postgres_instance "list" {
  for_each    = ["postgres-aaaa1111"] # ERROR: Invalid for_each argument
  instance_id = each.value
}

postgres_instance "sensitive" {
  for_each    = var.secret_map # ERROR: Sensitive for_each
  instance_id = each.value
}

postgres_instance "number" {
  for_each    = 3 # ERROR: Invalid for_each argument
  instance_id = "postgres-aaaa1111"
}

postgres_instance "no_each" {
  instance_id = each.key # ERROR: Reference to "each" without for_each
}

postgres_instance "bad_key" {
  for_each    = toset(["good1111", "BAD"])
  instance_id = "postgres-${each.key}" # ERROR: Invalid instance ID
}
