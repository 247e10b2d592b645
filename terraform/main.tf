provider "google" {
  project = var.project_id
  region  = var.region
}

locals {
  apis = toset([
    "bigquery.googleapis.com",
    "cloudbuild.googleapis.com",
    "cloudfunctions.googleapis.com",
    "run.googleapis.com",
    "eventarc.googleapis.com",
    "pubsub.googleapis.com",
    "logging.googleapis.com",
    "artifactregistry.googleapis.com",
    "iam.googleapis.com",
    "storage.googleapis.com",
    "secretmanager.googleapis.com",
    "firestore.googleapis.com",
    "cloudtasks.googleapis.com",
    "cloudscheduler.googleapis.com",
    "monitoring.googleapis.com",
  ])

  # Read by parseAppConfig in shared/src/core/config/app-config.ts; every name here is one it reads.
  common_environment = {
    FLEXIROASTER_STORE       = "bigquery"
    FLEXIROASTER_PROJECT_ID  = var.project_id
    FLEXIROASTER_BQ_DATASET  = module.bigquery.dataset_id
    FLEXIROASTER_BQ_LOCATION = module.bigquery.dataset_location
    FLEXIROASTER_LOG_LEVEL   = var.log_level
  }

  # Each function deploys its own esbuild bundle (scripts/bundle-functions.mjs), uploaded by Cloud
  # Build next to the whole-source archive as <source_object without .zip>-<entry point>.zip.
  function_sources = {
    for entry_point in ["ingest", "remediate", "remediationApi", "api"] :
    entry_point => "${trimsuffix(var.source_object, ".zip")}-${entry_point}.zip"
  }

  # The remediation HTTP API (entry point remediationApi) as a Cloud Run service. Its deterministic
  # URL (https://<service>-<project number>.<region>.run.app) is known before the function exists, so
  # both remediate functions can carry it without a dependency cycle.
  remediation_api_name = "${var.name_prefix}-remediation-api"
  # The api function's URL, known before it exists like the remediation API's: callers' ID tokens name it as audience.
  api_name            = "${var.name_prefix}-api"
  api_url             = "https://${local.api_name}-${data.google_project.this.number}.${var.region}.run.app"
  remediation_api_url = "https://${local.remediation_api_name}-${data.google_project.this.number}.${var.region}.run.app"

  # The Pub/Sub handler (remediate) and the HTTP API (remediationApi) build the same service, so they
  # get the same settings: Firestore coordination, Cloud Tasks backoff, approval-link key, policy.
  remediation_environment = merge(local.common_environment, {
    FLEXIROASTER_TASKS_QUEUE           = module.remediation_queue.queue_id
    FLEXIROASTER_TASKS_TARGET_URL      = "${local.remediation_api_url}/tasks/run"
    FLEXIROASTER_TASKS_SERVICE_ACCOUNT = module.service_accounts.invoker_email
    FLEXIROASTER_APPROVAL_KEY_SECRET   = "projects/${var.project_id}/secrets/${google_secret_manager_secret.approval_key.secret_id}/versions/${var.approval_key_secret_version}"
  }, var.function_environment.remediate)

  # The policy reaches both remediate functions as FLEXIROASTER_REMEDIATION_CONFIG (inline JSON, which
  # readRemediationConfig accepts), read from the version this apply created: a policy change is a new
  # secret version and a new function revision, and the old version stays (disabled) for the record.
  remediation_secret_environment = {
    FLEXIROASTER_REMEDIATION_CONFIG = {
      secret  = google_secret_manager_secret.remediation_policy.secret_id
      version = google_secret_manager_secret_version.remediation_policy.version
    }
  }
}

data "google_project" "this" {
  project_id = var.project_id
}

resource "google_project_service" "apis" {
  for_each = var.enable_apis ? local.apis : toset([])

  project            = var.project_id
  service            = each.value
  disable_on_destroy = false
}

module "service_accounts" {
  source = "./modules/service_accounts"

  project_id                      = var.project_id
  name_prefix                     = var.name_prefix
  remediation_executors           = var.remediation_executors
  dataflow_worker_service_account = var.dataflow_worker_service_account

  depends_on = [google_project_service.apis]
}

module "pubsub" {
  source = "./modules/pubsub"

  project_id            = var.project_id
  labels                = var.labels
  max_delivery_attempts = var.max_delivery_attempts

  # Each function publishes to the one topic it feeds, nothing else.
  topic_publishers = {
    ingest_requests_remediation = { topic = "remediation_requests", member = module.service_accounts.ingest_member }
    remediate_notifies          = { topic = "notifications", member = module.service_accounts.remediate_member }
  }

  depends_on = [google_project_service.apis]
}

module "bigquery" {
  source = "./modules/bigquery"

  project_id                = var.project_id
  dataset_id                = var.bigquery_dataset_id
  location                  = var.bigquery_location
  labels                    = var.labels
  partition_expiration_days = var.partition_expiration_days
  deletion_protection       = var.deletion_protection

  # Writes are limited to this dataset: events and rejections (ingest), action records (remediate).
  data_editor_members = {
    ingest    = module.service_accounts.ingest_member
    remediate = module.service_accounts.remediate_member
  }
  # The api function only reads (snapshot, pipeline list).
  data_viewer_members = {
    api = module.service_accounts.api_member
  }

  depends_on = [google_project_service.apis]
}

module "logging_sink" {
  source = "./modules/logging_sink"

  project_id        = var.project_id
  sink_name         = "${var.name_prefix}-pipeline-logs"
  topic_id          = module.pubsub.topic_ids["pipeline_logs"]
  sources           = var.monitored_sources
  additional_filter = var.sink_additional_filter
}

# Coordination store of the remediate functions: idempotency claims, budgets, circuit breakers,
# approvals and open actions (FirestoreCoordinationStore uses the project's (default) database).
resource "google_firestore_database" "coordination" {
  count = var.create_firestore_database ? 1 : 0

  project                 = var.project_id
  name                    = "(default)"
  location_id             = coalesce(var.firestore_location, var.region)
  type                    = "FIRESTORE_NATIVE"
  delete_protection_state = "DELETE_PROTECTION_ENABLED"
  deletion_policy         = "ABANDON"

  depends_on = [google_project_service.apis]
}

# HMAC key of approval links. Terraform creates the secret, not its value (which would then sit in
# the state): add a version once, e.g. `openssl rand -hex 32 | gcloud secrets versions add <id> --data-file=-`.
resource "google_secret_manager_secret" "approval_key" {
  project   = var.project_id
  secret_id = "${var.name_prefix}-approval-key"
  labels    = var.labels

  replication {
    auto {}
  }

  depends_on = [google_project_service.apis]
}

resource "google_secret_manager_secret_iam_member" "remediate_reads_approval_key" {
  project   = var.project_id
  secret_id = google_secret_manager_secret.approval_key.secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = module.service_accounts.remediate_member
}

# The remediation policy as reviewed configuration: the JSON file in this repository (default
# policies/remediation.json, dry run) becomes a secret version on every change.
resource "google_secret_manager_secret" "remediation_policy" {
  project   = var.project_id
  secret_id = "${var.name_prefix}-remediation-policy"
  labels    = var.labels

  replication {
    auto {}
  }

  depends_on = [google_project_service.apis]
}

resource "google_secret_manager_secret_version" "remediation_policy" {
  secret          = google_secret_manager_secret.remediation_policy.id
  secret_data     = file("${path.root}/${var.remediation_policy_file}")
  deletion_policy = "DISABLE"

  lifecycle {
    precondition {
      condition     = can(jsondecode(file("${path.root}/${var.remediation_policy_file}")))
      error_message = "The remediation policy file is not valid JSON."
    }
  }
}

resource "google_secret_manager_secret_iam_member" "remediate_reads_policy" {
  project   = var.project_id
  secret_id = google_secret_manager_secret.remediation_policy.secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = module.service_accounts.remediate_member
}

# Deferred actions (backoff). The remediate account may enqueue here and act as the invoker account
# whose token the tasks carry; nothing wider.
module "remediation_queue" {
  source = "./modules/cloud_tasks"

  project_id                 = var.project_id
  region                     = var.region
  name                       = "${var.name_prefix}-remediation"
  enqueuer_member            = module.service_accounts.remediate_member
  oidc_service_account_email = module.service_accounts.invoker_email

  depends_on = [google_project_service.apis]
}

resource "google_secret_manager_secret_iam_member" "remediate_reads_secret" {
  for_each = var.remediate_secret_ids

  project   = var.project_id
  secret_id = each.value
  role      = "roles/secretmanager.secretAccessor"
  member    = module.service_accounts.remediate_member
}

module "ingest_function" {
  source = "./modules/functions"

  project_id            = var.project_id
  region                = var.region
  name                  = "${var.name_prefix}-ingest"
  description           = "Turns pipeline log entries into classified events, stores them, requests remediation."
  entry_point           = "ingest"
  runtime               = var.runtime
  source_bucket         = var.source_bucket
  source_object         = local.function_sources["ingest"]
  service_account_email = module.service_accounts.ingest_email
  trigger_topic_id      = module.pubsub.topic_ids["pipeline_logs"]
  max_instance_count    = var.ingest_max_instances
  labels                = var.labels
  environment_variables = merge(local.common_environment, {
    FLEXIROASTER_REMEDIATION_TOPIC = module.pubsub.topic_names["remediation_requests"]
  }, var.function_environment.ingest)

  depends_on = [module.bigquery]
}

module "remediate_function" {
  source = "./modules/functions"

  project_id            = var.project_id
  region                = var.region
  name                  = "${var.name_prefix}-remediate"
  description           = "Executes remediation requests under guardrails and records the actions."
  entry_point           = "remediate"
  runtime               = var.runtime
  source_bucket         = var.source_bucket
  source_object         = local.function_sources["remediate"]
  service_account_email = module.service_accounts.remediate_email
  trigger_topic_id      = module.pubsub.topic_ids["remediation_requests"]
  max_instance_count    = var.remediate_max_instances
  timeout_seconds       = 120
  labels                = var.labels
  environment_variables = local.remediation_environment

  secret_environment_variables = local.remediation_secret_environment

  depends_on = [module.bigquery, google_firestore_database.coordination, google_secret_manager_secret_iam_member.remediate_reads_approval_key, google_secret_manager_secret_iam_member.remediate_reads_policy]
}

# Cloud Tasks (POST /tasks/run), Cloud Scheduler (POST /expire) and approval links call this one.
module "remediation_api_function" {
  source = "./modules/functions"

  project_id            = var.project_id
  region                = var.region
  name                  = local.remediation_api_name
  description           = "Remediation HTTP API: deferred actions, deadline sweep, approvals, pause and resume."
  entry_point           = "remediationApi"
  runtime               = var.runtime
  source_bucket         = var.source_bucket
  source_object         = local.function_sources["remediationApi"]
  service_account_email = module.service_accounts.remediate_email
  max_instance_count    = var.remediate_max_instances
  timeout_seconds       = 120
  ingress_settings      = var.remediation_api_ingress
  labels                = var.labels
  environment_variables = local.remediation_environment

  secret_environment_variables = local.remediation_secret_environment

  # The invoker account (Cloud Tasks, Cloud Scheduler) and whoever else is named (e.g. approvers).
  invoker_members = merge(var.remediation_api_invokers, { tasks_and_scheduler = module.service_accounts.invoker_member })

  depends_on = [module.bigquery, google_firestore_database.coordination, google_secret_manager_secret_iam_member.remediate_reads_approval_key, google_secret_manager_secret_iam_member.remediate_reads_policy]
}

# Settles actions whose verification deadline passed (no success or failure event came in time).
resource "google_cloud_scheduler_job" "expire" {
  project          = var.project_id
  region           = var.region
  name             = "${var.name_prefix}-remediation-expire"
  description      = "Settles remediation actions past their deadline (POST /expire on the remediation API)."
  schedule         = var.expire_schedule
  time_zone        = "Etc/UTC"
  attempt_deadline = "120s"

  retry_config {
    retry_count = 1
  }

  http_target {
    http_method = "POST"
    uri         = "${local.remediation_api_url}/expire"

    oidc_token {
      service_account_email = module.service_accounts.invoker_email
      audience              = local.remediation_api_url
    }
  }

  depends_on = [module.remediation_api_function]
}

# Alerts on FlexiRoaster's own health: ingest errors, rejected inputs, remediation failures, DLQ depth.
module "health_alerts" {
  source = "./modules/health_alerts"

  project_id                    = var.project_id
  name_prefix                   = var.name_prefix
  ingest_service_name           = module.ingest_function.function_name
  remediation_service_names     = [module.remediate_function.function_name, module.remediation_api_function.function_name]
  dead_letter_subscription_name = element(split("/", module.pubsub.dead_letter_subscription_id), 3)
  notification_channels         = var.alert_notification_channels

  depends_on = [google_project_service.apis]
}

# Health endpoints (GET /pipelines, GET /pipelines/{id}/snapshot) for people and the console; every
# route also checks the caller's verified identity against the access policy.
module "api_function" {
  source = "./modules/functions"

  project_id            = var.project_id
  region                = var.region
  name                  = local.api_name
  description           = "Pipeline health API: monitoring snapshot per pipeline and the pipeline list."
  entry_point           = "api"
  runtime               = var.runtime
  source_bucket         = var.source_bucket
  source_object         = local.function_sources["api"]
  service_account_email = module.service_accounts.api_email
  max_instance_count    = var.api_max_instances
  ingress_settings      = var.api_ingress
  labels                = var.labels
  environment_variables = merge(local.common_environment, {
    FLEXIROASTER_ID_TOKEN_AUDIENCES = local.api_url
  }, var.function_environment.api)

  invoker_members = var.api_invokers

  depends_on = [module.bigquery]
}
