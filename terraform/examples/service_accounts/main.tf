# Accounts for a deployment that only reruns BigQuery jobs and relaunches Dataflow.
provider "google" {
  project = var.project_id
  region  = var.region
}

module "service_accounts" {
  source = "../../modules/service_accounts"

  project_id            = var.project_id
  name_prefix           = "frexample"
  remediation_executors = ["bigquery", "dataflow"]
}
