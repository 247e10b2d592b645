# The topics and dead-lettered subscriptions, with one publisher grant.
provider "google" {
  project = var.project_id
  region  = var.region
}

resource "google_service_account" "publisher" {
  project    = var.project_id
  account_id = "flexiroaster-example-pub"
}

module "pubsub" {
  source = "../../modules/pubsub"

  project_id = var.project_id
  topic_publishers = {
    example = { topic = "remediation_requests", member = "serviceAccount:${google_service_account.publisher.email}" }
  }
}
