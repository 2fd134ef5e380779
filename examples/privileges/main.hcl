# Privileges as code: the same grants for every account of a kind, on
# every production shop instance (a selector: instances added later get
# them on the next apply).
#
# For every object a grant names, the privileges it lists are exactly
# what the account may do there: missing ones are granted, others
# revoked. Objects no grant names are left as they are.
provider "tencentcloud" {
  region = "ap-guangzhou"
}

variable "app_password" {
  type      = string
  sensitive = true
}

variable "migrator_password" {
  type      = string
  sensitive = true
}

locals {
  # Read-only analyst: reads the order tables and two columns of
  # customers (no e-mail addresses), nothing else.
  analyst = [
    { object_type = "database", database = "shop", privileges = ["CONNECT"] },
    { object_type = "schema", database = "shop", schema = "public", privileges = ["USAGE"] },
    { object_type = "table", database = "shop", schema = "public", objects = ["orders", "order_items"], privileges = ["SELECT"] },
    { object_type = "view", database = "shop", schema = "public", objects = ["daily_revenue"], privileges = ["SELECT"] },
    { object_type = "column", database = "shop", schema = "public", table = "customers", objects = ["id", "country"], privileges = ["SELECT"] },
  ]

  # Application writer: reads and writes the application tables and uses
  # their sequence; no TRUNCATE, no DDL.
  app_writer = [
    { object_type = "database", database = "shop", privileges = ["CONNECT", "TEMP"] },
    { object_type = "schema", database = "shop", schema = "public", privileges = ["USAGE"] },
    { object_type = "table", database = "shop", schema = "public", objects = ["orders", "order_items", "customers"], privileges = ["SELECT", "INSERT", "UPDATE", "DELETE"] },
    { object_type = "sequence", database = "shop", schema = "public", objects = ["orders_id_seq"], privileges = ["USAGE", "SELECT"] },
  ]

  # Migration owner: creates and alters the schema's objects.
  migration_owner = [
    { object_type = "database", database = "shop", privileges = ["CONNECT", "CREATE", "TEMP"] },
    { object_type = "schema", database = "shop", schema = "public", privileges = ["ALL"] },
    { object_type = "table", database = "shop", schema = "public", objects = ["orders", "order_items", "customers"], privileges = ["ALL"] },
    { object_type = "sequence", database = "shop", schema = "public", objects = ["orders_id_seq"], privileges = ["ALL"] },
  ]
}

postgres_instance "shop" {
  selector {
    tags = { env = "prod", app = "shop" }
  }

  account "analyst" {
    cam    = true # signs in through CAM: no password
    grants = local.analyst
  }

  # The same grants for every application account.
  dynamic "account" {
    for_each = toset(["orders_svc", "billing_svc"])
    labels   = [account.value]
    content {
      password = var.app_password
      grants   = local.app_writer
    }
  }

  account "migrator" {
    password = var.migrator_password
    grants   = local.migration_owner
  }
}

libradb_cluster "analytics" {
  cluster_id = "libradb-shop0001"

  account "bi" {
    password = var.app_password

    grant {
      object_type = "database"
      database    = "sales"
      privileges  = ["SELECT", "SHOW VIEW"]
    }
    grant {
      object_type = "table"
      database    = "marketing"
      objects     = ["campaigns"]
      privileges  = ["SELECT"]
    }
  }
}
