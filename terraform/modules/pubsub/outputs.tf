output "topic_ids" {
  description = "Topic ids (projects/<project>/topics/<name>) keyed like topic_names."
  value       = { for key, topic in google_pubsub_topic.topics : key => topic.id }
}

output "topic_names" {
  description = "Topic short names keyed like topic_names."
  value       = { for key, topic in google_pubsub_topic.topics : key => topic.name }
}

output "dead_letter_topic_id" {
  description = "Topic that receives undeliverable messages; attach it to Eventarc-created subscriptions (see the root README)."
  value       = google_pubsub_topic.topics["dead_letter"].id
}

output "dead_letter_subscription_id" {
  description = "Pull subscription on the dead-letter topic, for inspection and replay."
  value       = google_pubsub_subscription.dead_letter.id
}

output "notifications_subscription_id" {
  description = "Pull subscription on the notifications topic."
  value       = google_pubsub_subscription.notifications.id
}

output "pubsub_service_agent" {
  description = "The project's Pub/Sub service agent (member string), which performs dead-lettering."
  value       = local.pubsub_service_agent
}
