variable "project_id" {
  description = "Project that owns the queue."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a valid GCP project id (6-30 lowercase letters, digits, hyphens)."
  }
}

variable "region" {
  description = "Cloud Tasks location of the queue (a region, e.g. europe-west1)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]$", var.region))
    error_message = "region must look like us-central1 or europe-west1."
  }
}

variable "name" {
  description = "Queue id (FLEXIROASTER_TASKS_QUEUE is projects/<project>/locations/<region>/queues/<name>)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9-]{1,100}$", var.name))
    error_message = "name must be 1-100 letters, digits or hyphens."
  }
}

variable "enqueuer_member" {
  description = "The identity that schedules deferred actions (the remediate functions' account), as serviceAccount:<email>."
  type        = string

  validation {
    condition     = can(regex("^serviceAccount:[^@]+@[^@]+$", var.enqueuer_member))
    error_message = "enqueuer_member must be serviceAccount:<email>."
  }
}

variable "oidc_service_account_email" {
  description = "Account whose OIDC token the tasks carry (FLEXIROASTER_TASKS_SERVICE_ACCOUNT); it needs run.invoker on the target, granted where the target is defined."
  type        = string

  validation {
    condition     = can(regex("^[^@]+@[^@]+\\.gserviceaccount\\.com$", var.oidc_service_account_email))
    error_message = "oidc_service_account_email must be a service account email."
  }
}

variable "max_attempts" {
  description = "Deliveries of one task before Cloud Tasks gives up (the action then settles by its deadline)."
  type        = number
  default     = 20

  validation {
    condition     = var.max_attempts >= 1 && var.max_attempts <= 100
    error_message = "max_attempts must be between 1 and 100."
  }
}

variable "max_dispatches_per_second" {
  description = "Upper bound on task dispatches per second: remediation is never a burst."
  type        = number
  default     = 5

  validation {
    condition     = var.max_dispatches_per_second > 0 && var.max_dispatches_per_second <= 500
    error_message = "max_dispatches_per_second must be above 0 and at most 500."
  }
}

variable "max_concurrent_dispatches" {
  description = "Tasks in flight at once."
  type        = number
  default     = 10

  validation {
    condition     = var.max_concurrent_dispatches >= 1 && var.max_concurrent_dispatches <= 5000
    error_message = "max_concurrent_dispatches must be between 1 and 5000."
  }
}
