variable "project_id" {
  description = "Project the functions run in (metrics and alert policies are created there)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a valid GCP project id (6-30 lowercase letters, digits, hyphens)."
  }
}

variable "name_prefix" {
  description = "Prefix of the log-based metric names and alert policy display names."
  type        = string
  default     = "flexiroaster"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,19}$", var.name_prefix))
    error_message = "name_prefix must be 2-20 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "ingest_service_name" {
  description = "Cloud Run service name of the ingest function (a 2nd gen function's service has the function's name)."
  type        = string
}

variable "remediation_service_names" {
  description = "Cloud Run service names of the remediate function and the remediation API."
  type        = list(string)

  validation {
    condition     = length(var.remediation_service_names) > 0
    error_message = "remediation_service_names must name at least one service."
  }
}

variable "dead_letter_subscription_name" {
  description = "Short name of the pull subscription on the dead-letter topic, whose backlog is the DLQ depth."
  type        = string
}

variable "notification_channels" {
  description = "Monitoring notification channel ids (projects/<p>/notificationChannels/<id>) every alert notifies; empty leaves the alerts visible in the console only."
  type        = list(string)
  default     = []
}

variable "rejected_inputs_per_5m" {
  description = "Rejected inputs in 5 minutes above which the rejected-inputs alert fires (a few malformed messages are normal)."
  type        = number
  default     = 10
}

variable "dead_letter_depth" {
  description = "Undelivered messages on the dead-letter subscription above which the DLQ alert fires."
  type        = number
  default     = 0
}
