output "table_ids" {
  description = "Tables created, by name."
  value       = module.bigquery.table_ids
}
