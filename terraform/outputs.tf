output "bigquery_dataset_id" {
  description = "Dataset holding pipeline_events and rejected_events."
  value       = module.bigquery.dataset_id
}

output "bigquery_table_ids" {
  description = "Fully qualified table ids by table name."
  value       = module.bigquery.table_ids
}

output "topic_ids" {
  description = "Pub/Sub topic ids by role."
  value       = module.pubsub.topic_ids
}

output "dead_letter_subscription_id" {
  description = "Pull subscription for inspecting and replaying dead-lettered messages."
  value       = module.pubsub.dead_letter_subscription_id
}

output "sink_writer_identity" {
  description = "Identity of the log sink; holds roles/pubsub.publisher on the pipeline-logs topic only."
  value       = module.logging_sink.writer_identity
}

output "sink_filter" {
  description = "Effective log sink filter."
  value       = module.logging_sink.filter
}

output "service_accounts" {
  description = "Function identities."
  value = {
    ingest    = module.service_accounts.ingest_email
    remediate = module.service_accounts.remediate_email
  }
}

output "functions" {
  description = "Deployed functions and the Eventarc triggers that feed them."
  value = {
    ingest    = { name = module.ingest_function.function_name, trigger = module.ingest_function.eventarc_trigger }
    remediate = { name = module.remediate_function.function_name, trigger = module.remediate_function.eventarc_trigger }
  }
}
