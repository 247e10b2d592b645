terraform {
  required_version = ">= 1.5.0"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "6.50.0"
    }
  }

  # Partial configuration: the state bucket is passed at init time
  # (terraform init -backend-config="bucket=<bucket>" -backend-config="prefix=flexiroaster").
  backend "gcs" {}
}
