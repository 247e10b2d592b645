variable "project_id" {
  description = "Project the function is deployed in."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a valid GCP project id (6-30 lowercase letters, digits, hyphens)."
  }
}

variable "region" {
  description = "Region of the function and of its Eventarc trigger."
  type        = string

  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]$", var.region))
    error_message = "region must be a Cloud Functions region such as us-central1 or europe-west1."
  }
}

variable "name" {
  description = "Function name (also the name of its Cloud Run service)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,61}[a-z0-9]$", var.name))
    error_message = "name must be 2-63 lowercase letters, digits or hyphens, start with a letter and not end with a hyphen."
  }
}

variable "description" {
  description = "Function description."
  type        = string
  default     = ""
}

variable "entry_point" {
  description = "Name the handler registers with the Functions Framework, e.g. ingest (cloudEvent('ingest', ...))."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z_$][A-Za-z0-9_$]*$", var.entry_point))
    error_message = "entry_point must be a JavaScript identifier."
  }
}

variable "runtime" {
  description = "Node.js runtime of the function."
  type        = string
  default     = "nodejs20"

  validation {
    condition     = contains(["nodejs20", "nodejs22"], var.runtime)
    error_message = "runtime must be nodejs20 or nodejs22 (package.json requires node >= 20)."
  }
}

variable "source_bucket" {
  description = "GCS bucket holding the function source archive."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$", var.source_bucket))
    error_message = "source_bucket must be a valid bucket name (no gs:// prefix)."
  }
}

variable "source_object" {
  description = "Object name of the source zip in source_bucket; content-addressed (e.g. by commit) so a new archive redeploys."
  type        = string

  validation {
    condition     = endswith(var.source_object, ".zip")
    error_message = "source_object must name a .zip archive."
  }
}

variable "service_account_email" {
  description = "Identity the function runs as; also the identity the trigger invokes it with."
  type        = string

  validation {
    condition     = can(regex("^[^@]+@[^@]+\\.gserviceaccount\\.com$", var.service_account_email))
    error_message = "service_account_email must be a service account email."
  }
}

variable "trigger_topic_id" {
  description = "Topic whose messages invoke the function, projects/<project>/topics/<name>; null makes it an HTTP function."
  type        = string
  default     = null

  validation {
    condition     = var.trigger_topic_id == null ? true : can(regex("^projects/[^/]+/topics/[^/]+$", var.trigger_topic_id))
    error_message = "trigger_topic_id must look like projects/<project>/topics/<name>, or be null for an HTTP function."
  }
}

variable "ingress_settings" {
  description = "Who can reach the function's URL at the network level: ALLOW_INTERNAL_ONLY (Eventarc, Cloud Tasks, Cloud Scheduler and VPC of this project), ALLOW_INTERNAL_AND_GCLB, or ALLOW_ALL. IAM (run.invoker) still decides who may call it."
  type        = string
  default     = "ALLOW_INTERNAL_ONLY"

  validation {
    condition     = contains(["ALLOW_INTERNAL_ONLY", "ALLOW_INTERNAL_AND_GCLB", "ALLOW_ALL"], var.ingress_settings)
    error_message = "ingress_settings must be ALLOW_INTERNAL_ONLY, ALLOW_INTERNAL_AND_GCLB or ALLOW_ALL."
  }
}

variable "invoker_members" {
  description = "Members granted roles/run.invoker on this function's service only, keyed by a static label (e.g. tasks = \"serviceAccount:...\"); for HTTP functions. Never allUsers."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for m in values(var.invoker_members) : can(regex("^(serviceAccount|user|group):", m))])
    error_message = "Each invoker must start with serviceAccount:, user: or group: (allUsers and allAuthenticatedUsers are refused)."
  }
}

variable "environment_variables" {
  description = "Runtime environment (parsed once at start by parseAppConfig; a bad value stops the instance with its name)."
  type        = map(string)
  default     = {}
}

variable "secret_environment_variables" {
  description = "Environment variables read from Secret Manager when an instance starts, as { NAME = { secret = <secret id>, version = <version number> } }. Pin a number, not latest, so a new version deploys a new revision."
  type = map(object({
    secret  = string
    version = string
  }))
  default = {}
}

variable "available_memory" {
  description = "Memory per instance, e.g. 512Mi or 1Gi."
  type        = string
  default     = "512Mi"

  validation {
    condition     = can(regex("^[0-9]+(Mi|Gi)$", var.available_memory))
    error_message = "available_memory must be a quantity such as 512Mi or 1Gi."
  }
}

variable "available_cpu" {
  description = "vCPUs per instance; 1 or more is required for concurrency above 1."
  type        = string
  default     = "1"
}

variable "timeout_seconds" {
  description = "Longest an invocation may run; Pub/Sub redelivers after a timeout."
  type        = number
  default     = 60

  validation {
    condition     = var.timeout_seconds >= 1 && var.timeout_seconds <= 540
    error_message = "timeout_seconds must be between 1 and 540 (the limit for event-driven functions)."
  }
}

variable "max_instance_count" {
  description = "Upper bound on instances: caps spend and the write rate into BigQuery and the GCP APIs."
  type        = number
  default     = 10

  validation {
    condition     = var.max_instance_count >= 1 && var.max_instance_count <= 1000
    error_message = "max_instance_count must be between 1 and 1000."
  }
}

variable "min_instance_count" {
  description = "Instances kept warm (0 accepts cold starts)."
  type        = number
  default     = 0

  validation {
    condition     = var.min_instance_count >= 0
    error_message = "min_instance_count must not be negative."
  }
}

variable "max_instance_request_concurrency" {
  description = "Concurrent events per instance."
  type        = number
  default     = 1

  validation {
    condition     = var.max_instance_request_concurrency >= 1 && var.max_instance_request_concurrency <= 1000
    error_message = "max_instance_request_concurrency must be between 1 and 1000."
  }
}

variable "build_service_account" {
  description = "Service account Cloud Build uses to build the function (projects/<p>/serviceAccounts/<email>); null uses the project default."
  type        = string
  default     = null
}

variable "labels" {
  description = "Labels applied to the function."
  type        = map(string)
  default     = {}
}
