locals {
  # Cloud Logging gives OR a higher precedence than AND, so every clause is parenthesised explicitly.
  source_filters = {
    # Airflow task and scheduler logs from Cloud Composer: task failures, exit codes, SIGKILLs, and the
    # success lines that settle a remediation's outcome.
    composer = <<-EOT
      (resource.type="cloud_composer_environment" AND (log_id("airflow-worker") OR log_id("airflow-scheduler") OR log_id("dag-processor-manager") OR log_id("airflow-triggerer")))
    EOT
    # Dataflow job messages carry job state changes; worker logs only from the configured severity.
    dataflow = <<-EOT
      (resource.type="dataflow_step" AND (log_id("dataflow.googleapis.com/job-message") OR (log_id("dataflow.googleapis.com/worker") AND severity>=${var.dataflow_worker_min_severity})))
    EOT
    # BigQuery job completions: the BigQueryAuditMetadata format (jobChange to DONE, or a jobInsertion
    # that was already DONE) and the legacy AuditData format's jobcompleted events.
    bigquery = <<-EOT
      ((resource.type="bigquery_project" AND log_id("cloudaudit.googleapis.com/data_access") AND (protoPayload.metadata.jobChange.after="DONE" OR protoPayload.metadata.jobInsertion.job.jobStatus.jobState="DONE")) OR (resource.type="bigquery_resource" AND protoPayload.methodName="jobservice.jobcompleted"))
    EOT
    # Workflows execution lifecycle (started, succeeded, failed, cancelled).
    workflows = <<-EOT
      (resource.type="workflows.googleapis.com/Workflow" AND (log_id("workflows.googleapis.com/executions_system") OR log_id("workflows.googleapis.com/executions_system_log")))
    EOT
  }

  selected = [for source in sort(tolist(var.sources)) : trimspace(local.source_filters[source])]
  combined = join(" OR ", local.selected)
  filter   = trimspace(var.additional_filter) == "" ? "(${local.combined})" : "(${local.combined}) AND (${trimspace(var.additional_filter)})"
}

resource "google_logging_project_sink" "this" {
  project                = var.project_id
  name                   = var.sink_name
  description            = "Routes Composer, Dataflow, BigQuery job and Workflows execution logs to FlexiRoaster's ingest topic."
  destination            = "pubsub.googleapis.com/${var.topic_id}"
  filter                 = local.filter
  unique_writer_identity = true
}

# The sink writes as its own identity; it may publish to this topic and nothing else.
resource "google_pubsub_topic_iam_member" "sink_publisher" {
  project = var.project_id
  topic   = var.topic_id
  role    = "roles/pubsub.publisher"
  member  = google_logging_project_sink.this.writer_identity
}
