postgres_instance "fleet" {
  for_each    = var.instances
  instance_id = each.value.id

  account "app" {
    password = var.app_password
    remark   = local.remark
    cam      = each.value.cam
  }

  dynamic "account" {
    for_each = toset(each.value.readers)
    labels   = ["ro_${account.value}"]
    content {
      remark = upper(account.value)
    }
  }
}

postgres_instance "prod" {
  provider = tencentcloud.eu
  selector {
    tags         = { env = "prod", team = local.team }
    name_pattern = "orders-*"
  }
  extranet {
    enabled = false
  }
  account "auditor" {
    password = env("AUDITOR_PW")
    cam      = true
  }
}

postgres_ro_group "ro" {
  for_each           = toset(["pgrogrp-aaaa1111"])
  ro_group_id        = each.key
  master_instance_id = local.all_ids[0]

  network {
    vpc_id    = "vpc-main1"
    subnet_id = "subnet-main1"
  }
  network {
    vpc_id    = "vpc-main2"
    subnet_id = "subnet-main2"
    vip       = "10.0.1.10"
  }
}

libradb_cluster "olap" {
  cluster_id = "libradb-olap1234"

  account "analyst" {
    password             = var.app_password
    description          = "BI team"
    max_user_connections = 200
  }
  account "analyst" {
    host     = "10.1.2.3"
    password = var.app_password
  }
}
