# A deferred-action queue: one account enqueues, tasks carry the other one's OIDC token.
provider "google" {
  project = var.project_id
  region  = var.region
}

resource "google_service_account" "enqueuer" {
  project    = var.project_id
  account_id = "flexiroaster-example-enqueuer"
}

resource "google_service_account" "invoker" {
  project    = var.project_id
  account_id = "flexiroaster-example-invoker"
}

module "queue" {
  source = "../../modules/cloud_tasks"

  project_id                 = var.project_id
  region                     = var.region
  name                       = "flexiroaster-example"
  enqueuer_member            = "serviceAccount:${google_service_account.enqueuer.email}"
  oidc_service_account_email = google_service_account.invoker.email
}
