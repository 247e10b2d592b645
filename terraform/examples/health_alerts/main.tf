# Health alerts of an existing deployment, e-mailed to the on-call list.
provider "google" {
  project = var.project_id
  region  = var.region
}

resource "google_monitoring_notification_channel" "oncall" {
  project      = var.project_id
  display_name = "FlexiRoaster on-call"
  type         = "email"
  labels       = { email_address = "data-platform-oncall@example.com" }
}

module "health_alerts" {
  source = "../../modules/health_alerts"

  project_id                    = var.project_id
  ingest_service_name           = "flexiroaster-ingest"
  remediation_service_names     = ["flexiroaster-remediate", "flexiroaster-remediation-api"]
  dead_letter_subscription_name = "dead-letter-inspect"
  notification_channels         = [google_monitoring_notification_channel.oncall.name]
}
