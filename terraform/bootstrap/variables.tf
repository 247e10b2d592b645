variable "project_id" {
  description = "Project FlexiRoaster is deployed to."
  type        = string
}

variable "region" {
  description = "Region of the buckets (and of the deployment)."
  type        = string
  default     = "us-central1"
}

variable "deployer_account_id" {
  description = "Account id of the service account Cloud Build deploys as."
  type        = string
  default     = "flexiroaster-deployer"
}

variable "state_bucket" {
  description = "Name of the bucket for Terraform state (globally unique)."
  type        = string
}

variable "source_bucket" {
  description = "Name of the bucket Cloud Build uploads the function bundles to (globally unique)."
  type        = string
}
