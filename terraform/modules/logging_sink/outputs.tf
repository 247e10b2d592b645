output "sink_name" {
  description = "Name of the log sink."
  value       = google_logging_project_sink.this.name
}

output "writer_identity" {
  description = "Identity the sink publishes as (granted roles/pubsub.publisher on the topic only)."
  value       = google_logging_project_sink.this.writer_identity
}

output "filter" {
  description = "The effective sink filter, for checking in the Logs Explorer."
  value       = google_logging_project_sink.this.filter
}
