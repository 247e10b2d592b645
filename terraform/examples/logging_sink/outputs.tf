output "writer_identity" {
  description = "Identity the sink publishes as."
  value       = module.sink.writer_identity
}
