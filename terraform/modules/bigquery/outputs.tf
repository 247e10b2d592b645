output "dataset_id" {
  description = "Dataset id (FLEXIROASTER_BQ_DATASET)."
  value       = google_bigquery_dataset.this.dataset_id
}

output "dataset_location" {
  description = "Dataset location (FLEXIROASTER_BQ_LOCATION)."
  value       = google_bigquery_dataset.this.location
}

output "table_ids" {
  description = "Fully qualified table ids keyed by table name, e.g. pipeline_events => project.dataset.pipeline_events."
  value       = { for name, table in google_bigquery_table.tables : name => "${table.project}.${table.dataset_id}.${table.table_id}" }
}

output "view_ids" {
  description = "Fully qualified analytics view ids keyed by view name, e.g. v_pipeline_health_daily => project.dataset.v_pipeline_health_daily."
  value       = { for name, view in google_bigquery_table.views : name => "${view.project}.${view.dataset_id}.${view.table_id}" }
}
