variable "project_id" {
  description = "Project to create the example in."
  type        = string
}

variable "region" {
  description = "Region of the example's resources."
  type        = string
  default     = "us-central1"
}

variable "source_bucket" {
  description = "Bucket holding the function source zip."
  type        = string
}

variable "source_object" {
  description = "Object name of the function source zip."
  type        = string
}
