# Privileges: grants, revokes, a mixed change, the grants of a new
# account, an object already as declared, and type changes both ways.
provider "tencentcloud" {
  region = "ap-guangzhou"
}

variable "pw" {
  type      = string
  sensitive = true
}

locals {
  reader = [
    { object_type = "database", database = "shop", privileges = ["CONNECT"] },
    { object_type = "schema", database = "shop", schema = "public", privileges = ["USAGE"] },
    { object_type = "table", database = "shop", schema = "public", objects = ["orders", "items"], privileges = ["SELECT"] },
  ]
}

postgres_instance "shop" {
  instance_id = "postgres-shop01"

  # Has CONNECT and USAGE already; lacks SELECT on items; holds DELETE on
  # orders, which is not declared.
  account "analyst" {
    grants = local.reader
  }

  # Holds SELECT, INSERT on orders; declared INSERT, UPDATE only.
  account "writer" {
    grant {
      object_type = "table"
      database    = "shop"
      schema      = "public"
      objects     = ["orders"]
      privileges  = ["insert", "update"]
    }
    grant {
      object_type = "sequence"
      database    = "shop"
      schema      = "public"
      objects     = ["orders_id_seq"]
      privileges  = [] # nothing: revoke whatever it holds
    }
  }

  # New: created, then granted.
  account "newcomer" {
    password = var.pw
    grants   = local.reader
  }

  account "migrator" {
    type = "tencentDBSuper"
  }

  account "former_admin" {
    type = "normal"
  }
}
