output "topic_ids" {
  description = "Topic ids by key."
  value       = module.pubsub.topic_ids
}
