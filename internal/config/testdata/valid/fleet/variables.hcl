variable "region" {
  type    = string
  default = "ap-guangzhou"
  validation {
    condition     = startswith(var.region, "ap-")
    error_message = "This fleet lives in Asia-Pacific."
  }
}

variable "instances" {
  type = map(object({
    id      = string
    cam     = optional(bool, false)
    readers = optional(list(string), [])
  }))
}

variable "app_password" {
  type      = string
  sensitive = true
}

locals {
  team    = "orders"
  remark  = format("%s-app", local.team)
  readers = toset(flatten([for k, v in var.instances : v.readers]))
  all_ids = sort([for k, v in var.instances : v.id])
}
