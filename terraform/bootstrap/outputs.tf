output "deployer_service_account" {
  description = "Full resource name of the deployer account, for the Cloud Build trigger's --service-account."
  value       = google_service_account.deployer.id
}

output "deployer_roles" {
  description = "Project roles granted to the deployer, with what each is for."
  value       = local.deployer_roles
}

output "state_bucket" {
  description = "Terraform state bucket (_TF_STATE_BUCKET)."
  value       = google_storage_bucket.state.name
}

output "source_bucket" {
  description = "Function bundle bucket (_SOURCE_BUCKET)."
  value       = google_storage_bucket.source.name
}
