# One configuration, two accounts, two regions. The deploy account's keys
# (with -sim, the simulator's key) assume a role in each account; the
# account id lists stop the run before any change if a role ever points
# at the wrong account.

provider "tencentcloud" {
  alias  = "prod"
  region = "ap-guangzhou"
  assume_role {
    role_arn    = "qcs::cam::uin/200000000002:roleName/dbplan-deployer"
    external_id = "dbplan-example"
  }
  allowed_account_ids = ["200000000002"]
}

# The same role in another region: one client and one set of credentials
# serve both providers.
provider "tencentcloud" {
  alias  = "prod_sh"
  region = "ap-shanghai"
  assume_role {
    role_arn    = "qcs::cam::uin/200000000002:roleName/dbplan-deployer"
    external_id = "dbplan-example"
  }
  allowed_account_ids = ["200000000002"]
}

provider "tencentcloud" {
  alias  = "staging"
  region = "ap-guangzhou"
  assume_role {
    role_arn = "qcs::cam::uin/300000000003:roleName/dbplan-deployer"
  }
  allowed_account_ids = ["300000000003"]
}

postgres_instance "orders_prod" {
  instance_id = "postgres-prd00001"
  provider    = tencentcloud.prod

  account "orders_reader" {
    cam    = true
    remark = "analysts"
  }
}

postgres_instance "orders_prod_sh" {
  instance_id = "postgres-prd00002"
  provider    = tencentcloud.prod_sh

  account "orders_reader" {
    cam    = true
    remark = "analysts"
  }
}

postgres_instance "orders_staging" {
  instance_id = "postgres-stg00001"
  provider    = tencentcloud.staging

  account "orders_reader" {
    cam    = true
    remark = "analysts"
  }
  account "orders_tester" {
    cam = true
  }
}
