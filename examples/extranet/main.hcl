# Public (extranet) access: IPv4 on one instance, IPv6 on another, and
# public access explicitly closed on a third.
provider "tencentcloud" {
  region = "ap-guangzhou"
}

postgres_instance "web" {
  instance_id = "postgres-ext00001"
  extranet {
    enabled = true
  }
}

postgres_instance "edge" {
  instance_id = "postgres-ext00002"
  extranet {
    enabled = true
    ipv6    = true
  }
}

postgres_instance "internal" {
  instance_id = "postgres-ext00003"
  extranet {
    enabled = false
  }
}
