provider "tencentcloud" {
  region = "ap-guangzhou"
}

postgres_instance "a" {
  instance_id = "postgres-abcd1234"

  account "u" {
    grant {
      object_type = "index" # ERROR: Invalid object type
      database    = "app"
      privileges  = ["SELECT"]
    }
    grant {
      object_type = "table"
      database    = "app"
      schema      = "public"
      objects     = ["orders"]
      privileges  = ["SELECT", "usage"] # ERROR: Invalid privilege
    }
    grant { # ERROR: Missing argument in grant
      object_type = "table"
      database    = "app"
      objects     = ["orders"]
      privileges  = ["SELECT"]
    }
    grant {
      object_type = "database"
      database    = "app"
      schema      = "public" # ERROR: Unexpected argument in grant
      privileges  = ["CONNECT"]
    }
    grant {
      object_type = "schema"
      database    = "app"
      schema      = "public"
      privileges  = ["CONNECT"] # ERROR: Invalid privilege
    }
    grant {
      object_type = "table"
      database    = "app"
      schema      = "public"
      objects     = [] # ERROR: Empty name in grant
      privileges  = ["SELECT"]
    }
    grant { # ERROR: Missing required argument
      object_type = "database"
      database    = "app"
    }
    grants = [{ object_type = "view", database = "app", schema = "public", objects = ["v"], privileges = ["EXECUTE"] }] # ERROR: Invalid privilege
  }

  account "v" {
    grants = "all" # ERROR: Invalid grants
  }

  account "w" {
    grants = [{ object_type = "table", database = "app", schema = "public", object = ["t"], privileges = ["SELECT"] }] # ERROR: Unsupported argument in grants
  }
}

libradb_cluster "c" {
  cluster_id = "libradb-abcd1234"
  account "x" {
    grant {
      object_type = "global"
      database    = "sales" # ERROR: Unexpected argument in grant
      privileges  = ["SELECT"]
    }
    grant {
      object_type = "table"
      database    = "sales"
      objects     = ["orders"]
      privileges  = ["EXECUTE"] # ERROR: Invalid privilege
    }
  }
}
