# LibraDB accounts: creates (one action each; the executor batches them),
# a description change, an unchanged account, an unmanaged one.
provider "tencentcloud" {
  region = "ap-guangzhou"
}

variable "etl_password" {
  type      = string
  sensitive = true
}

libradb_cluster "warehouse" {
  cluster_id = "libradb-wh01"

  account "etl" {
    password             = var.etl_password
    description          = "nightly-etl"
    max_user_connections = 50
  }

  account "etl" {
    host     = "10.0.0.8"
    password = var.etl_password
  }

  account "bi" {
    password    = env("LIBRA_BI_PW")
    description = "bi-team"
  }

  account "steady" {
    password    = env("LIBRA_BI_PW")
    description = "same"
  }
}

libradb_cluster "paused" {
  cluster_id = "libradb-paused01"

  account "etl" {
    password = var.etl_password
  }
}
