variable "project_id" {
  description = "Project that hosts FlexiRoaster and whose pipelines it monitors."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a valid GCP project id (6-30 lowercase letters, digits, hyphens)."
  }
}

variable "region" {
  description = "Region of the functions and their triggers."
  type        = string
  default     = "us-central1"

  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]$", var.region))
    error_message = "region must look like us-central1 or europe-west1."
  }
}

variable "name_prefix" {
  description = "Prefix for service accounts, the sink and function names."
  type        = string
  default     = "flexiroaster"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,19}$", var.name_prefix))
    error_message = "name_prefix must be 2-20 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "labels" {
  description = "Labels applied to every labelled resource."
  type        = map(string)
  default     = { app = "flexiroaster" }
}

variable "enable_apis" {
  description = "Enable the APIs FlexiRoaster needs. Turn off when a platform team manages project services."
  type        = bool
  default     = true
}

variable "bigquery_dataset_id" {
  description = "Dataset for events, rejections and remediation history."
  type        = string
  default     = "flexiroaster"

  validation {
    condition     = can(regex("^[A-Za-z0-9_]+$", var.bigquery_dataset_id)) && length(var.bigquery_dataset_id) <= 1024
    error_message = "bigquery_dataset_id may contain only letters, digits and underscores."
  }
}

variable "bigquery_location" {
  description = "Dataset location (US, EU or a region)."
  type        = string
  default     = "US"
}

variable "partition_expiration_days" {
  description = "Days of event history kept; null keeps it forever."
  type        = number
  default     = null

  validation {
    condition     = var.partition_expiration_days == null ? true : var.partition_expiration_days >= 1
    error_message = "partition_expiration_days must be at least 1, or null."
  }
}

variable "deletion_protection" {
  description = "Protect BigQuery tables from terraform destroy."
  type        = bool
  default     = true
}

variable "source_bucket" {
  description = "Existing bucket that Cloud Build uploads the function source zip to (created once, outside this configuration, like the state bucket)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$", var.source_bucket))
    error_message = "source_bucket must be a bucket name without gs://."
  }
}

variable "source_object" {
  description = "Object name of the whole-source zip, e.g. functions/flexiroaster-<build>.zip; each function deploys the bundle Cloud Build uploads beside it, functions/flexiroaster-<build>-<entry point>.zip."
  type        = string

  validation {
    condition     = endswith(var.source_object, ".zip")
    error_message = "source_object must name a .zip archive."
  }
}

variable "runtime" {
  description = "Node.js runtime of the functions."
  type        = string
  default     = "nodejs20"

  validation {
    condition     = contains(["nodejs20", "nodejs22"], var.runtime)
    error_message = "runtime must be nodejs20 or nodejs22."
  }
}

variable "log_level" {
  description = "Lowest severity the functions log (FLEXIROASTER_LOG_LEVEL)."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["DEBUG", "INFO", "NOTICE", "WARNING", "ERROR"], var.log_level)
    error_message = "log_level must be DEBUG, INFO, NOTICE, WARNING or ERROR."
  }
}

variable "monitored_sources" {
  description = "Producers whose logs the sink exports."
  type        = set(string)
  default     = ["composer", "dataflow", "bigquery", "workflows"]

  validation {
    condition     = length(var.monitored_sources) > 0 && alltrue([for s in var.monitored_sources : contains(["composer", "dataflow", "bigquery", "workflows"], s)])
    error_message = "monitored_sources must be a non-empty subset of composer, dataflow, bigquery, workflows."
  }
}

variable "sink_additional_filter" {
  description = "Optional clause ANDed onto the sink filter (e.g. labels.env=\"prod\")."
  type        = string
  default     = ""
}

variable "remediation_executors" {
  description = "Executors the remediate function may run; only their IAM roles are granted."
  type        = set(string)
  default     = ["bigquery", "dataflow", "composer", "workflows"]

  validation {
    condition     = alltrue([for e in var.remediation_executors : contains(["bigquery", "dataflow", "composer", "workflows"], e)])
    error_message = "remediation_executors may contain only bigquery, dataflow, composer, workflows."
  }
}

variable "dataflow_worker_service_account" {
  description = "Email of the Dataflow worker service account relaunched jobs run as; null skips the actAs grant."
  type        = string
  default     = null
}

variable "remediate_secret_ids" {
  description = "Secret Manager secret ids (short names) the remediate function may read, e.g. the notification webhook URL. Access is per secret, never project-wide."
  type        = set(string)
  default     = []

  validation {
    condition     = alltrue([for s in var.remediate_secret_ids : can(regex("^[A-Za-z0-9_-]{1,255}$", s))])
    error_message = "remediate_secret_ids must be secret short names (letters, digits, - and _)."
  }
}

variable "max_delivery_attempts" {
  description = "Deliveries before a message moves to the dead-letter topic."
  type        = number
  default     = 10

  validation {
    condition     = var.max_delivery_attempts >= 5 && var.max_delivery_attempts <= 100
    error_message = "max_delivery_attempts must be between 5 and 100."
  }
}

variable "ingest_max_instances" {
  description = "Upper bound on ingest instances."
  type        = number
  default     = 20
}

variable "remediate_max_instances" {
  description = "Upper bound on remediate instances; low on purpose, remediation is rate-limited by budgets anyway."
  type        = number
  default     = 5
}

variable "remediation_policy_file" {
  description = "Remediation policy JSON (FLEXIROASTER_REMEDIATION_CONFIG), relative to this directory. Edited and reviewed like code; each change becomes a Secret Manager version the remediate functions read at start. The shipped policies/remediation.json is the safe default (dry run)."
  type        = string
  default     = "policies/remediation.json"

  validation {
    condition     = endswith(var.remediation_policy_file, ".json")
    error_message = "remediation_policy_file must name a .json file."
  }
}

variable "alert_notification_channels" {
  description = "Monitoring notification channels (projects/<p>/notificationChannels/<id>) the health alerts notify; empty shows them in the console only."
  type        = list(string)
  default     = []
}

variable "approval_key_secret_version" {
  description = "Version of the approval-key secret the remediate functions read (FLEXIROASTER_APPROVAL_KEY_SECRET ends in /versions/<this>)."
  type        = string
  default     = "latest"

  validation {
    condition     = can(regex("^(latest|[0-9]+)$", var.approval_key_secret_version))
    error_message = "approval_key_secret_version must be latest or a version number."
  }
}

variable "create_firestore_database" {
  description = "Create the project's (default) Firestore database (Native mode) for the coordination store. Set false when it already exists (or import it)."
  type        = bool
  default     = true
}

variable "firestore_location" {
  description = "Location of the Firestore database (a region such as europe-west1, or a multi-region such as nam5 or eur3); null uses region."
  type        = string
  default     = null
}

variable "remediation_api_ingress" {
  description = "Ingress of the remediation API. ALLOW_INTERNAL_ONLY admits Cloud Tasks and Cloud Scheduler of this project; approval links opened from outside need ALLOW_ALL (IAM run.invoker still applies)."
  type        = string
  default     = "ALLOW_INTERNAL_ONLY"

  validation {
    condition     = contains(["ALLOW_INTERNAL_ONLY", "ALLOW_INTERNAL_AND_GCLB", "ALLOW_ALL"], var.remediation_api_ingress)
    error_message = "remediation_api_ingress must be ALLOW_INTERNAL_ONLY, ALLOW_INTERNAL_AND_GCLB or ALLOW_ALL."
  }
}

variable "remediation_api_invokers" {
  description = "Extra members granted run.invoker on the remediation API only (e.g. approvers = \"group:sre@example.com\"), keyed by a static label."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for m in values(var.remediation_api_invokers) : can(regex("^(serviceAccount|user|group):", m))])
    error_message = "Each invoker must start with serviceAccount:, user: or group:."
  }
}

variable "expire_schedule" {
  description = "Cron schedule (UTC) of the deadline sweep that settles remediation actions nobody heard back about."
  type        = string
  default     = "*/5 * * * *"
}

variable "function_environment" {
  description = "Extra environment variables per function, { ingest = {...}, remediate = {...}, api = {...} }, merged over the defaults; remediate applies to both remediate and remediationApi."
  type = object({
    ingest    = optional(map(string), {})
    remediate = optional(map(string), {})
    api       = optional(map(string), {})
  })
  default = {}
}

variable "api_max_instances" {
  description = "Upper bound on api function instances (health snapshot reads)."
  type        = number
  default     = 5

  validation {
    condition     = var.api_max_instances >= 1
    error_message = "api_max_instances must be at least 1."
  }
}

variable "api_ingress" {
  description = "Ingress of the api function. ALLOW_INTERNAL_AND_GCLB puts it behind a load balancer (with IAP); ALLOW_ALL still requires run.invoker and a verified identity."
  type        = string
  default     = "ALLOW_INTERNAL_AND_GCLB"

  validation {
    condition     = contains(["ALLOW_INTERNAL_ONLY", "ALLOW_INTERNAL_AND_GCLB", "ALLOW_ALL"], var.api_ingress)
    error_message = "api_ingress must be ALLOW_INTERNAL_ONLY, ALLOW_INTERNAL_AND_GCLB or ALLOW_ALL."
  }
}

variable "api_invokers" {
  description = "Members granted run.invoker on the api function (e.g. viewers = \"group:data-eng@example.com\"), keyed by a static label."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for m in values(var.api_invokers) : can(regex("^(serviceAccount|user|group):", m))])
    error_message = "Each invoker must start with serviceAccount:, user: or group:."
  }
}
