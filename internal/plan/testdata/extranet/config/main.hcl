# Every public-access row: open from initing/closed/no entry, in progress,
# close, IPv6, already right.
provider "tencentcloud" {
  region = "ap-guangzhou"
}

variable "pw" {
  type      = string
  sensitive = true
}

postgres_instance "from_initing" {
  instance_id = "postgres-ext01"
  extranet {
    enabled = true
  }
  # An account action on the same instance runs before the extranet flow.
  account "web" {
    password = var.pw
  }
}

postgres_instance "from_closed" {
  instance_id = "postgres-ext02"
  extranet {
    enabled = true
  }
}

postgres_instance "opening" {
  instance_id = "postgres-ext03"
  extranet {
    enabled = true
  }
}

postgres_instance "to_close" {
  instance_id = "postgres-ext04"
  extranet {
    enabled = false
  }
}

postgres_instance "closing" {
  instance_id = "postgres-ext05"
  extranet {
    enabled = false
  }
}

postgres_instance "ipv6" {
  instance_id = "postgres-ext06"
  extranet {
    enabled = true
    ipv6    = true
  }
}

postgres_instance "already_open" {
  instance_id = "postgres-ext07"
  extranet {
    enabled = true
  }
}

postgres_instance "reopen_while_closing" {
  instance_id = "postgres-ext08"
  extranet {
    enabled = true
  }
}
