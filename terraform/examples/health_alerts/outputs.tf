output "alert_policy_ids" {
  description = "Alert policies created."
  value       = module.health_alerts.alert_policy_ids
}
