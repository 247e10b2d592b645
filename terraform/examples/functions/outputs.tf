output "function_name" {
  description = "Name of the deployed function."
  value       = module.ingest.function_name
}
