provider "tencentcloud" {
  region = "ap-guangzhou"
}

provider "tencentcloud" {
  alias    = "sh"
  region   = "ap-shanghai"
  endpoint = "http://127.0.0.1:9000"
  rate_limits = {
    CreateAccount  = 40
    OpenAccountCAM = 30
  }
}

variable "app_password" {
  type      = string
  sensitive = true
}

variable "remark" {
  type    = string
  default = "orders-app"
}

postgres_instance "orders" {
  instance_id = "postgres-abcd1234"

  extranet {
    enabled = true
  }

  account "app_user" {
    password = var.app_password
    remark   = var.remark
    cam      = false
  }

  account "admin" {
    type     = "tencentDBSuper"
    password = env("PG_ADMIN_PW")
  }
}

postgres_instance "reports" {
  instance_id = "postgres-efgh5678"
  provider    = tencentcloud.sh
  region      = "ap-shanghai"

  account "reader" {
    cam = true
  }
}
