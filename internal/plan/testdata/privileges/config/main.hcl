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

libradb_cluster "warehouse" {
  cluster_id = "libradb-wh01"

  # Holds PROCESS globally, SELECT on sales and DELETE on sales.orders;
  # the grants say global PROCESS, SELECT and SHOW VIEW on sales, nothing
  # on sales.orders. Its SELECT on marketing is not declared: unmanaged.
  account "bi" {
    grants = [
      { object_type = "global", privileges = ["PROCESS"] },
      { object_type = "database", database = "sales", privileges = ["SELECT", "SHOW VIEW"] },
      { object_type = "table", database = "sales", objects = ["orders"], privileges = [] },
    ]
  }
}
