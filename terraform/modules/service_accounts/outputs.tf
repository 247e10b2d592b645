output "ingest_email" {
  description = "Email of the ingest function's service account."
  value       = google_service_account.ingest.email
}

output "ingest_member" {
  description = "IAM member string (serviceAccount:...) of the ingest account."
  value       = google_service_account.ingest.member
}

output "remediate_email" {
  description = "Email of the remediate function's service account."
  value       = google_service_account.remediate.email
}

output "remediate_member" {
  description = "IAM member string (serviceAccount:...) of the remediate account."
  value       = google_service_account.remediate.member
}

output "invoker_email" {
  description = "Email of the account whose OIDC token Cloud Tasks and Cloud Scheduler send to the remediation API (FLEXIROASTER_TASKS_SERVICE_ACCOUNT)."
  value       = google_service_account.invoker.email
}

output "invoker_member" {
  description = "IAM member string (serviceAccount:...) of the invoker account."
  value       = google_service_account.invoker.member
}

output "api_email" {
  description = "Email of the api function's service account."
  value       = google_service_account.api.email
}

output "api_member" {
  description = "IAM member string (serviceAccount:...) of the api account."
  value       = google_service_account.api.member
}

output "project_roles" {
  description = "Project-level roles granted, with the reason for each, per account."
  value = {
    ingest    = local.ingest_project_roles
    remediate = local.remediate_project_roles
    api       = local.api_project_roles
  }
}
