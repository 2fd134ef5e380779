provider "tencentcloud" {
  region = var.region
}

provider "tencentcloud" {
  alias  = "eu"
  region = "eu-frankfurt"
}
