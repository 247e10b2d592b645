output "function_id" {
  description = "Function resource id."
  value       = google_cloudfunctions2_function.this.id
}

output "function_name" {
  description = "Function name."
  value       = google_cloudfunctions2_function.this.name
}

output "service" {
  description = "Cloud Run service that serves the function."
  value       = google_cloudfunctions2_function.this.service_config[0].service
}

output "eventarc_trigger" {
  description = "Eventarc trigger that delivers the topic's messages (null for an HTTP function); its Pub/Sub subscription is where a dead-letter policy is attached."
  value       = try(google_cloudfunctions2_function.this.event_trigger[0].trigger, null)
}

output "uri" {
  description = "URL of the function's Cloud Run service (https://<service>-<hash>-<region>.a.run.app)."
  value       = google_cloudfunctions2_function.this.service_config[0].uri
}
