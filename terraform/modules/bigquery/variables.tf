variable "project_id" {
  description = "Project that owns the dataset."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a valid GCP project id (6-30 lowercase letters, digits, hyphens)."
  }
}

variable "dataset_id" {
  description = "BigQuery dataset holding FlexiRoaster's tables (FLEXIROASTER_BQ_DATASET in the functions)."
  type        = string
  default     = "flexiroaster"

  validation {
    condition     = can(regex("^[A-Za-z0-9_]+$", var.dataset_id)) && length(var.dataset_id) <= 1024
    error_message = "dataset_id may contain only letters, digits and underscores (at most 1024)."
  }
}

variable "location" {
  description = "Dataset location (multi-region such as US or EU, or a region such as europe-west1)."
  type        = string
  default     = "US"

  validation {
    condition     = length(trimspace(var.location)) > 0
    error_message = "location must not be empty."
  }
}

variable "description" {
  description = "Dataset description shown in the console."
  type        = string
  default     = "FlexiRoaster pipeline events, rejections and remediation history."
}

variable "labels" {
  description = "Labels applied to the dataset and its tables."
  type        = map(string)
  default     = {}
}

variable "partition_expiration_days" {
  description = "Days a partition is kept before BigQuery deletes it; null keeps history forever (it is retraining data)."
  type        = number
  default     = null

  validation {
    condition     = var.partition_expiration_days == null ? true : var.partition_expiration_days >= 1
    error_message = "partition_expiration_days must be at least 1, or null."
  }
}

variable "deletion_protection" {
  description = "Refuse to destroy tables through Terraform; turn off only to tear down a test project."
  type        = bool
  default     = true
}

variable "data_editor_members" {
  description = "Members granted roles/bigquery.dataEditor on this dataset only, keyed by a static label (e.g. ingest = \"serviceAccount:...\"). Keys must be known at plan time; values may come from other modules."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for m in values(var.data_editor_members) : can(regex("^(serviceAccount|user|group):", m))])
    error_message = "Each member must start with serviceAccount:, user: or group:."
  }
}

variable "data_viewer_members" {
  description = "Members granted roles/bigquery.dataViewer on this dataset only (dashboards, analysts), keyed by a static label."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for m in values(var.data_viewer_members) : can(regex("^(serviceAccount|user|group|domain):", m))])
    error_message = "Each member must start with serviceAccount:, user:, group: or domain:."
  }
}
