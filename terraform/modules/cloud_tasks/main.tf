# The queue that holds deferred remediation actions (backoff between attempts). Each task is an HTTP
# POST to the remediation API with an OIDC token of oidc_service_account_email; the task name is a
# hash of the action key, so the same action is never queued twice.
resource "google_cloud_tasks_queue" "this" {
  project  = var.project_id
  location = var.region
  name     = var.name

  rate_limits {
    max_dispatches_per_second = var.max_dispatches_per_second
    max_concurrent_dispatches = var.max_concurrent_dispatches
  }

  # A 5xx from the API (a store outage) is retried with backoff; a run is idempotent per action key.
  retry_config {
    max_attempts  = var.max_attempts
    min_backoff   = "10s"
    max_backoff   = "600s"
    max_doublings = 5
  }

  stackdriver_logging_config {
    sampling_ratio = 1.0
  }
}

# The enqueuer may create tasks in this queue and no other.
resource "google_cloud_tasks_queue_iam_member" "enqueuer" {
  project  = var.project_id
  location = var.region
  name     = google_cloud_tasks_queue.this.name
  role     = "roles/cloudtasks.enqueuer"
  member   = var.enqueuer_member
}

# Creating a task that carries an OIDC token of an account needs iam.serviceAccounts.actAs on that
# account: granted on the one invoker account, never project-wide.
resource "google_service_account_iam_member" "enqueuer_acts_as_invoker" {
  service_account_id = "projects/${var.project_id}/serviceAccounts/${var.oidc_service_account_email}"
  role               = "roles/iam.serviceAccountUser"
  member             = var.enqueuer_member
}
