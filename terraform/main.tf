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
  ])

  # Read by parseAppConfig in shared/src/core/config/app-config.ts.
  common_environment = {
    FLEXIROASTER_STORE       = "bigquery"
    FLEXIROASTER_PROJECT_ID  = var.project_id
    FLEXIROASTER_BQ_DATASET  = module.bigquery.dataset_id
    FLEXIROASTER_BQ_LOCATION = module.bigquery.dataset_location
    FLEXIROASTER_LOG_LEVEL   = var.log_level
  }
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
  source_object         = var.source_object
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
  source_object         = var.source_object
  service_account_email = module.service_accounts.remediate_email
  trigger_topic_id      = module.pubsub.topic_ids["remediation_requests"]
  max_instance_count    = var.remediate_max_instances
  timeout_seconds       = 120
  labels                = var.labels
  environment_variables = merge(local.common_environment, {
    FLEXIROASTER_NOTIFICATIONS_TOPIC = module.pubsub.topic_names["notifications"]
  }, var.function_environment.remediate)

  depends_on = [module.bigquery]
}
