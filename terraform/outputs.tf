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
  description = "Function identities, and the account Cloud Tasks and Cloud Scheduler call the remediation API as."
  value = {
    ingest    = module.service_accounts.ingest_email
    remediate = module.service_accounts.remediate_email
    invoker   = module.service_accounts.invoker_email
    api       = module.service_accounts.api_email
  }
}

output "functions" {
  description = "Deployed functions and the Eventarc triggers that feed them (the remediation API is HTTP, with its URL)."
  value = {
    ingest          = { name = module.ingest_function.function_name, trigger = module.ingest_function.eventarc_trigger }
    remediate       = { name = module.remediate_function.function_name, trigger = module.remediate_function.eventarc_trigger }
    remediation_api = { name = module.remediation_api_function.function_name, url = local.remediation_api_url }
    api             = { name = module.api_function.function_name, url = local.api_url }
  }
}

output "remediation_queue_id" {
  description = "Cloud Tasks queue of deferred remediation actions (FLEXIROASTER_TASKS_QUEUE)."
  value       = module.remediation_queue.queue_id
}

output "approval_key_secret_id" {
  description = "Secret holding the approval-link HMAC key; add a version before the first remediation (see the README)."
  value       = "projects/${var.project_id}/secrets/${google_secret_manager_secret.approval_key.secret_id}"
}

output "bigquery_location" {
  description = "Location of the dataset (where the knowledge-base seed and the smoke test run their jobs)."
  value       = module.bigquery.dataset_location
}

output "dead_letter" {
  description = "What scripts/deploy/attach-dead-letter.sh sets on the Eventarc-owned trigger subscriptions."
  value = {
    topic_id              = module.pubsub.dead_letter_topic_id
    max_delivery_attempts = var.max_delivery_attempts
    pubsub_service_agent  = module.pubsub.pubsub_service_agent
  }
}
