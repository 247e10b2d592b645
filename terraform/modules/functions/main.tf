# One 2nd gen function, source from a GCS object. With trigger_topic_id it is event-driven behind a
# Pub/Sub topic: a thrown error means "retry", and with RETRY_POLICY_RETRY Pub/Sub redelivers with
# backoff until the message is acknowledged or expires. Without it the function serves HTTP, callable
# only by invoker_members (run.invoker on its own service; never allUsers).
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
    # Internal only by default: Eventarc, Cloud Tasks and Cloud Scheduler of this project reach it,
    # nothing on the internet can.
    ingress_settings               = var.ingress_settings
    all_traffic_on_latest_revision = true

    dynamic "secret_environment_variables" {
      for_each = var.secret_environment_variables
      content {
        key        = secret_environment_variables.key
        project_id = var.project_id
        secret     = secret_environment_variables.value.secret
        version    = secret_environment_variables.value.version
      }
    }
  }

  dynamic "event_trigger" {
    for_each = var.trigger_topic_id == null ? [] : [var.trigger_topic_id]
    content {
      trigger_region        = var.region
      event_type            = "google.cloud.pubsub.topic.v1.messagePublished"
      pubsub_topic          = event_trigger.value
      retry_policy          = "RETRY_POLICY_RETRY"
      service_account_email = var.service_account_email
    }
  }
}

# The trigger pushes as the function's own account; it may invoke this function's service only.
resource "google_cloud_run_service_iam_member" "trigger_invoker" {
  count = var.trigger_topic_id == null ? 0 : 1

  project  = var.project_id
  location = var.region
  service  = google_cloudfunctions2_function.this.name
  role     = "roles/run.invoker"
  member   = "serviceAccount:${var.service_account_email}"
}

moved {
  from = google_cloud_run_service_iam_member.trigger_invoker
  to   = google_cloud_run_service_iam_member.trigger_invoker[0]
}

# Who may call an HTTP function (e.g. the Cloud Tasks / Cloud Scheduler identity): this service only.
resource "google_cloud_run_service_iam_member" "invokers" {
  for_each = var.invoker_members

  project  = var.project_id
  location = var.region
  service  = google_cloudfunctions2_function.this.name
  role     = "roles/run.invoker"
  member   = each.value
}
