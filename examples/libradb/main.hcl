# Accounts on a LibraDB analysis cluster. Accounts of one cluster are
# created in one batched CreateLibraDBClusterAccounts call.
provider "tencentcloud" {
  region = "ap-beijing"
}

variable "etl_password" {
  type      = string
  sensitive = true
}

variable "bi_password" {
  type      = string
  sensitive = true
}

libradb_cluster "warehouse" {
  cluster_id = "libradb-wh000001"

  account "etl" {
    password             = var.etl_password
    description          = "nightly ETL"
    max_user_connections = 50
  }

  account "bi" {
    host        = "10.0.0.8"
    password    = var.bi_password
    description = "BI dashboards"
  }
}
