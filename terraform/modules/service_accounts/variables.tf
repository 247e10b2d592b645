variable "project_id" {
  description = "Project in which the service accounts are created and granted roles."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a valid GCP project id (6-30 lowercase letters, digits, hyphens)."
  }
}

variable "name_prefix" {
  description = "Prefix of the account ids: <prefix>-ingest, <prefix>-remediate and <prefix>-invoker."
  type        = string
  default     = "flexiroaster"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,19}$", var.name_prefix))
    error_message = "name_prefix must be 2-20 lowercase letters, digits or hyphens, starting with a letter (account ids are capped at 30 characters)."
  }
}

variable "remediation_executors" {
  description = "Executors the remediate function may run; only their roles are granted. Any of bigquery, dataflow, composer, workflows."
  type        = set(string)
  default     = ["bigquery", "dataflow", "composer", "workflows"]

  validation {
    condition     = alltrue([for e in var.remediation_executors : contains(["bigquery", "dataflow", "composer", "workflows"], e)])
    error_message = "remediation_executors may contain only bigquery, dataflow, composer, workflows."
  }
}

variable "dataflow_worker_service_account" {
  description = "Email of the service account Dataflow workers run as. Relaunching a job as that account needs iam.serviceAccountUser on it (and only it); null skips the grant."
  type        = string
  default     = null

  validation {
    condition     = var.dataflow_worker_service_account == null ? true : can(regex("^[^@]+@[^@]+\\.iam\\.gserviceaccount\\.com$|^[0-9]+-compute@developer\\.gserviceaccount\\.com$", var.dataflow_worker_service_account))
    error_message = "dataflow_worker_service_account must be a service account email."
  }
}

variable "use_firestore_coordination" {
  description = "Grant the remediate account roles/datastore.user for the coordination store (idempotency keys, budgets, circuit breakers, approvals) in Firestore."
  type        = bool
  default     = true
}
