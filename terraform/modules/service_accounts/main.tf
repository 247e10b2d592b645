# Least privilege: each function gets its own identity, project-level roles only where GCP offers no
# narrower resource, and resource-level grants (dataset, topics, secrets) are made by the modules that
# own those resources, from this module's outputs.

resource "google_service_account" "ingest" {
  project      = var.project_id
  account_id   = "${var.name_prefix}-ingest"
  display_name = "FlexiRoaster ingest function"
  description  = "Decodes sink messages, classifies, writes the FlexiRoaster dataset, publishes remediation requests."
}

resource "google_service_account" "remediate" {
  project      = var.project_id
  account_id   = "${var.name_prefix}-remediate"
  display_name = "FlexiRoaster remediate function"
  description  = "Executes approved remediation actions through GCP APIs and records them."
}

# Carries the OIDC token of Cloud Tasks (deferred actions) and Cloud Scheduler (deadline sweep) calls
# to the remediation API. It holds run.invoker on that one service and nothing else (granted where the
# function is defined); the remediate account may act as it to create tasks (granted on the queue side).
resource "google_service_account" "invoker" {
  project      = var.project_id
  account_id   = "${var.name_prefix}-invoker"
  display_name = "FlexiRoaster remediation API invoker"
  description  = "Identity of Cloud Tasks and Cloud Scheduler calls to the remediation API; run.invoker on that service only."
}

# The api function (health snapshot, pipeline list) reads the dataset and runs query jobs; nothing else.
resource "google_service_account" "api" {
  project      = var.project_id
  account_id   = "${var.name_prefix}-api"
  display_name = "FlexiRoaster api function"
  description  = "Serves the monitoring snapshot and pipeline list: reads the FlexiRoaster dataset through query jobs."
}

locals {
  # api: jobs.create for its read queries; data access is roles/bigquery.dataViewer on the dataset alone.
  api_project_roles = {
    "roles/bigquery.jobUser" = "run the snapshot's read queries (reads are limited to the datasets it was granted)"
  }

  # ingest: jobs.create for the report and analytics queries it runs against its own dataset. Streaming
  # inserts need no project role; data access is roles/bigquery.dataEditor on the dataset alone.
  ingest_project_roles = {
    "roles/bigquery.jobUser" = "run query jobs (reads are still limited to datasets it was granted)"
  }

  # One entry per executor: the role and why that executor needs it.
  executor_roles = {
    bigquery = {
      # bigquery.rerun_job submits a new job with the failed job's configuration. The job's data access
      # comes from grants on the pipeline's own datasets, which this module does not make.
      "roles/bigquery.jobUser" = "bigquery.rerun_job: create the re-run job (bigquery.jobs.create)"
    }
    dataflow = {
      # launch_flex_template, update_job_state (drain/cancel) and update_workers all need
      # dataflow.jobs.create/update/cancel; roles/dataflow.developer is the narrowest predefined role with them.
      "roles/dataflow.developer" = "dataflow.*: launch flex templates, drain or cancel jobs, change worker bounds"
    }
    composer = {
      # composer.environments.get to find the Airflow URI, and access to the Airflow REST API; what the
      # account may do inside Airflow is set by its Airflow RBAC role (Op), not by IAM.
      "roles/composer.user" = "composer.*: reach the environment's Airflow REST API to clear, trigger or pause DAG runs"
    }
    workflows = {
      "roles/workflows.invoker" = "workflows.reexecute: create a new execution (workflows.executions.create)"
    }
  }

  coordination_roles = var.use_firestore_coordination ? tomap({
    "roles/datastore.user" = "coordination store: idempotency keys, budgets, circuit breakers, approvals in Firestore"
  }) : tomap({})

  # merge() of a list needs the expansion as its only argument.
  remediate_project_roles = merge(concat(
    [for executor in sort(tolist(var.remediation_executors)) : local.executor_roles[executor]],
    [local.coordination_roles],
  )...)
}

resource "google_project_iam_member" "ingest" {
  for_each = local.ingest_project_roles

  project = var.project_id
  role    = each.key
  member  = google_service_account.ingest.member
}

resource "google_project_iam_member" "api" {
  for_each = local.api_project_roles

  project = var.project_id
  role    = each.key
  member  = google_service_account.api.member
}

resource "google_project_iam_member" "remediate" {
  for_each = local.remediate_project_roles

  project = var.project_id
  role    = each.key
  member  = google_service_account.remediate.member
}

resource "google_service_account_iam_member" "remediate_acts_as_dataflow_worker" {
  count = var.dataflow_worker_service_account != null && contains(tolist(var.remediation_executors), "dataflow") ? 1 : 0

  service_account_id = "projects/${var.project_id}/serviceAccounts/${var.dataflow_worker_service_account}"
  role               = "roles/iam.serviceAccountUser"
  member             = google_service_account.remediate.member
}
