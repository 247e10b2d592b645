variable "project_id" {
  description = "Project that owns the topics and subscriptions."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a valid GCP project id (6-30 lowercase letters, digits, hyphens)."
  }
}

variable "topic_names" {
  description = "Topic names. pipeline_logs receives the log sink, remediation_requests carries ingest decisions to the remediate function, notifications carries human-facing alerts, dead_letter receives messages delivery gave up on."
  type = object({
    pipeline_logs        = optional(string, "pipeline-logs")
    remediation_requests = optional(string, "remediation-requests")
    notifications        = optional(string, "notifications")
    dead_letter          = optional(string, "dead-letter")
  })
  default = {}

  validation {
    condition = alltrue([
      for key, name in var.topic_names : can(regex("^[A-Za-z][A-Za-z0-9._~%+-]{2,254}$", name)) && !startswith(lower(name), "goog")
    ])
    error_message = "Topic names must be 3-255 characters, start with a letter, use only letters, digits and -_.~+% and not start with \"goog\"."
  }
}

variable "labels" {
  description = "Labels applied to every topic and subscription."
  type        = map(string)
  default     = {}
}

variable "message_retention_duration" {
  description = "How long the pull subscriptions keep unacknowledged messages, as seconds with an s suffix (10 minutes to 7 days)."
  type        = string
  default     = "604800s"

  validation {
    condition     = can(regex("^[0-9]+s$", var.message_retention_duration)) && tonumber(trimsuffix(var.message_retention_duration, "s")) >= 600 && tonumber(trimsuffix(var.message_retention_duration, "s")) <= 604800
    error_message = "message_retention_duration must be between 600s and 604800s."
  }
}

variable "max_delivery_attempts" {
  description = "Deliveries of one message before it moves to the dead-letter topic (Pub/Sub allows 5 to 100)."
  type        = number
  default     = 10

  validation {
    condition     = var.max_delivery_attempts >= 5 && var.max_delivery_attempts <= 100
    error_message = "max_delivery_attempts must be between 5 and 100."
  }
}

variable "topic_publishers" {
  description = "Who may publish to which topic, as { label = { topic = <key of topic_names>, member = \"serviceAccount:...\" } }. Labels are static so the plan knows them before service accounts exist."
  type = map(object({
    topic  = string
    member = string
  }))
  default = {}

  validation {
    condition     = alltrue([for grant in values(var.topic_publishers) : contains(["pipeline_logs", "remediation_requests", "notifications", "dead_letter"], grant.topic)])
    error_message = "topic must be one of pipeline_logs, remediation_requests, notifications, dead_letter."
  }

  validation {
    condition     = alltrue([for grant in values(var.topic_publishers) : can(regex("^(serviceAccount|user|group):", grant.member))])
    error_message = "member must start with serviceAccount:, user: or group:."
  }
}
