output "project_roles" {
  description = "Project-level roles granted, with their reasons."
  value       = module.service_accounts.project_roles
}
