output "log_metric_names" {
  description = "Log-based metric names by signal (ingest_errors, rejected_inputs, remediation_failures)."
  value       = { for key, metric in google_logging_metric.health : key => metric.name }
}

output "alert_policy_ids" {
  description = "Alert policy resource names by signal."
  value = {
    ingest_errors        = google_monitoring_alert_policy.ingest_errors.name
    rejected_inputs      = google_monitoring_alert_policy.rejected_inputs.name
    remediation_failures = google_monitoring_alert_policy.remediation_failures.name
    dead_letter_depth    = google_monitoring_alert_policy.dead_letter_depth.name
  }
}
