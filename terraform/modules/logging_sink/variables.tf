variable "project_id" {
  description = "Project whose logs the sink exports."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a valid GCP project id (6-30 lowercase letters, digits, hyphens)."
  }
}

variable "sink_name" {
  description = "Name of the project log sink."
  type        = string
  default     = "flexiroaster-pipeline-logs"

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]{1,100}$", var.sink_name))
    error_message = "sink_name may contain letters, digits, underscores, hyphens and periods (at most 100)."
  }
}

variable "topic_id" {
  description = "Destination topic id, projects/<project>/topics/<name> (the pubsub module's topic_ids[\"pipeline_logs\"])."
  type        = string

  validation {
    condition     = can(regex("^projects/[^/]+/topics/[^/]+$", var.topic_id))
    error_message = "topic_id must look like projects/<project>/topics/<name>."
  }
}

variable "sources" {
  description = "Which producers to export: any of composer, dataflow, bigquery, workflows."
  type        = set(string)
  default     = ["composer", "dataflow", "bigquery", "workflows"]

  validation {
    condition     = length(var.sources) > 0 && alltrue([for s in var.sources : contains(["composer", "dataflow", "bigquery", "workflows"], s)])
    error_message = "sources must be a non-empty subset of composer, dataflow, bigquery, workflows."
  }
}

variable "dataflow_worker_min_severity" {
  description = "Lowest severity exported from Dataflow worker logs (job messages are always exported); worker INFO lines are high volume and carry no state."
  type        = string
  default     = "ERROR"

  validation {
    condition     = contains(["DEFAULT", "DEBUG", "INFO", "NOTICE", "WARNING", "ERROR", "CRITICAL", "ALERT", "EMERGENCY"], var.dataflow_worker_min_severity)
    error_message = "dataflow_worker_min_severity must be a LogSeverity name."
  }
}

variable "additional_filter" {
  description = "Optional clause ANDed onto the whole filter, e.g. to restrict to labelled environments. Empty means none."
  type        = string
  default     = ""
}
