# The ingest function behind a topic, from a source zip already uploaded to a bucket.
provider "google" {
  project = var.project_id
  region  = var.region
}

resource "google_service_account" "function" {
  project    = var.project_id
  account_id = "flexiroaster-example-fn"
}

resource "google_pubsub_topic" "logs" {
  project = var.project_id
  name    = "flexiroaster-example-logs"
}

module "ingest" {
  source = "../../modules/functions"

  project_id            = var.project_id
  region                = var.region
  name                  = "flexiroaster-example-ingest"
  entry_point           = "ingest"
  source_bucket         = var.source_bucket
  source_object         = var.source_object
  service_account_email = google_service_account.function.email
  trigger_topic_id      = google_pubsub_topic.logs.id
  environment_variables = { FLEXIROASTER_STORE = "bigquery", FLEXIROASTER_PROJECT_ID = var.project_id }
}
