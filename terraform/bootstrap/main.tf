# Run once per project by a person with Owner (local state): everything the deployment pipeline needs
# before it can run itself — its service account with exactly the roles `terraform apply`, the
# knowledge-base seed and the smoke test use, the state bucket and the source bucket.
provider "google" {
  project = var.project_id
  region  = var.region
}

locals {
  apis = toset([
    "cloudbuild.googleapis.com",
    "iam.googleapis.com",
    "cloudresourcemanager.googleapis.com",
    "serviceusage.googleapis.com",
    "storage.googleapis.com",
  ])

  # What each role is for (docs/DEPLOY.md lists the same). Project level only where Terraform creates
  # project-wide things (service accounts, project IAM bindings, the sink, APIs) or GCP has no narrower scope.
  deployer_roles = {
    "roles/serviceusage.serviceUsageAdmin"  = "enable the APIs FlexiRoaster uses (google_project_service)"
    "roles/iam.serviceAccountAdmin"         = "create the ingest, remediate and invoker accounts"
    "roles/iam.serviceAccountUser"          = "deploy functions and scheduler jobs that run as those accounts (actAs)"
    "roles/resourcemanager.projectIamAdmin" = "grant the functions' project-level roles (each listed in terraform/README.md)"
    "roles/cloudfunctions.developer"        = "create and update the three functions"
    "roles/run.admin"                       = "set run.invoker on the functions' Cloud Run services"
    "roles/eventarc.admin"                  = "create the Pub/Sub triggers of ingest and remediate"
    "roles/pubsub.admin"                    = "topics, subscriptions, topic/subscription IAM; dead-letter policy on the Eventarc subscriptions; the smoke test's publish"
    "roles/bigquery.admin"                  = "dataset, tables and dataset IAM; the knowledge-base seed and the smoke test's query"
    "roles/logging.configWriter"            = "the log sink and the log-based metrics"
    "roles/monitoring.alertPolicyEditor"    = "the health alert policies"
    "roles/secretmanager.admin"             = "the approval-key and remediation-policy secrets, policy versions, secret IAM"
    "roles/datastore.owner"                 = "create the Firestore database (coordination store)"
    "roles/cloudtasks.admin"                = "the remediation queue and its IAM"
    "roles/cloudscheduler.admin"            = "the deadline sweep job"
    "roles/logging.logWriter"               = "write the build's own logs (options.logging: CLOUD_LOGGING_ONLY)"
  }
}

resource "google_project_service" "bootstrap" {
  for_each = local.apis

  project            = var.project_id
  service            = each.value
  disable_on_destroy = false
}

resource "google_service_account" "deployer" {
  project      = var.project_id
  account_id   = var.deployer_account_id
  display_name = "FlexiRoaster deployer (Cloud Build)"
  description  = "Runs cloudbuild.yaml: terraform apply, knowledge-base seed, smoke test."

  depends_on = [google_project_service.bootstrap]
}

resource "google_project_iam_member" "deployer" {
  for_each = local.deployer_roles

  project = var.project_id
  role    = each.key
  member  = "serviceAccount:${google_service_account.deployer.email}"
}

resource "google_storage_bucket" "state" {
  project                     = var.project_id
  name                        = var.state_bucket
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"

  versioning {
    enabled = true
  }
}

resource "google_storage_bucket" "source" {
  project                     = var.project_id
  name                        = var.source_bucket
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"

  # Old bundles are only needed to roll back; a deployment reads the one it names.
  lifecycle_rule {
    condition {
      age = 90
    }
    action {
      type = "Delete"
    }
  }
}

# State and bundles: object access on these two buckets only, not storage.admin on the project.
resource "google_storage_bucket_iam_member" "deployer_state" {
  bucket = google_storage_bucket.state.name
  role   = "roles/storage.objectAdmin"
  member = "serviceAccount:${google_service_account.deployer.email}"
}

resource "google_storage_bucket_iam_member" "deployer_source" {
  bucket = google_storage_bucket.source.name
  role   = "roles/storage.objectAdmin"
  member = "serviceAccount:${google_service_account.deployer.email}"
}
