# The dataset and tables on their own, writable by one service account.
provider "google" {
  project = var.project_id
  region  = var.region
}

resource "google_service_account" "writer" {
  project      = var.project_id
  account_id   = "flexiroaster-example-writer"
  display_name = "Example writer of the FlexiRoaster dataset"
}

module "bigquery" {
  source = "../../modules/bigquery"

  project_id          = var.project_id
  dataset_id          = "flexiroaster_example"
  location            = "US"
  deletion_protection = false
  data_editor_members = { writer = "serviceAccount:${google_service_account.writer.email}" }
}
