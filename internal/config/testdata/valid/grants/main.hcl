provider "tencentcloud" {
  region = "ap-guangzhou"
}

locals {
  # What every application account may do, on every instance.
  app_writer = [
    { object_type = "database", database = "orders", privileges = ["connect", "TEMP"] },
    { object_type = "schema", database = "orders", schema = "public", privileges = ["USAGE"] },
    { object_type = "table", database = "orders", schema = "public", objects = ["orders", "customers", "orders"], privileges = ["SELECT", "INSERT", "UPDATE", "DELETE"] },
  ]
}

postgres_instance "prod" {
  selector {
    tags = { env = "prod" }
  }

  dynamic "account" {
    for_each = toset(["orders_app", "billing_app"])
    labels   = [account.value]
    content {
      grants = local.app_writer
    }
  }

  account "analyst" {
    grant {
      object_type = "table"
      database    = "orders"
      schema      = "public"
      objects     = ["orders"]
      privileges  = ["select"]
    }
    grant {
      object_type = "column"
      database    = "orders"
      schema      = "public"
      table       = "customers"
      objects     = ["id", "name"]
      privileges  = ["SELECT"]
    }
    grant {
      object_type = "sequence"
      database    = "orders"
      schema      = "public"
      objects     = ["orders_id_seq"]
      privileges  = [] # none: whatever it holds there is revoked
    }
  }

  account "migrator" {
    type = "tencentDBSuper"
    grant {
      object_type = "database"
      database    = "orders"
      privileges  = ["ALL"]
    }
  }
}

libradb_cluster "olap" {
  cluster_id = "libradb-olap1234"
  account "bi" {
    grant {
      object_type = "global"
      privileges  = ["process"]
    }
    grants = [
      { object_type = "database", database = "sales", privileges = ["select", "show view"] },
      { object_type = "table", database = "sales", objects = ["orders"], privileges = ["SELECT", "INSERT"] },
    ]
  }
}
