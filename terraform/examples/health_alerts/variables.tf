variable "project_id" {
  description = "Project to create the example in."
  type        = string
}

variable "region" {
  description = "Region of the example's resources."
  type        = string
  default     = "us-central1"
}
