# One event-driven 2nd gen function behind a Pub/Sub topic. A thrown error means "retry": with
# RETRY_POLICY_RETRY Pub/Sub redelivers with backoff until the message is acknowledged or expires.
resource "google_cloudfunctions2_function" "this" {
  project     = var.project_id
  location    = var.region
  name        = var.name
  description = var.description
  labels      = var.labels

  build_config {
    runtime         = var.runtime
    entry_point     = var.entry_point
    service_account = var.build_service_account

    source {
      storage_source {
        bucket = var.source_bucket
        object = var.source_object
      }
    }
  }

  service_config {
    available_memory                 = var.available_memory
    available_cpu                    = var.available_cpu
    timeout_seconds                  = var.timeout_seconds
    max_instance_count               = var.max_instance_count
    min_instance_count               = var.min_instance_count
    max_instance_request_concurrency = var.max_instance_request_concurrency
    environment_variables            = var.environment_variables
    service_account_email            = var.service_account_email
    # Only Eventarc (Pub/Sub push) calls it; nothing on the internet can.
    ingress_settings               = "ALLOW_INTERNAL_ONLY"
    all_traffic_on_latest_revision = true
  }

  event_trigger {
    trigger_region        = var.region
    event_type            = "google.cloud.pubsub.topic.v1.messagePublished"
    pubsub_topic          = var.trigger_topic_id
    retry_policy          = "RETRY_POLICY_RETRY"
    service_account_email = var.service_account_email
  }
}

# The trigger pushes as the function's own account; it may invoke this function's service only.
resource "google_cloud_run_service_iam_member" "trigger_invoker" {
  project  = var.project_id
  location = var.region
  service  = google_cloudfunctions2_function.this.name
  role     = "roles/run.invoker"
  member   = "serviceAccount:${var.service_account_email}"
}
