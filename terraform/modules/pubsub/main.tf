data "google_project" "this" {
  project_id = var.project_id
}

locals {
  # The Pub/Sub service agent moves undeliverable messages; it needs publish on the dead-letter topic
  # and subscribe on each subscription that dead-letters.
  pubsub_service_agent = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
}

resource "google_pubsub_topic" "topics" {
  # An object is not a valid for_each value; the for expression turns it into a map.
  for_each = { for key, name in var.topic_names : key => name }

  project = var.project_id
  name    = each.value
  labels  = var.labels
}

# Where engineers look at (and replay from) what delivery gave up on.
resource "google_pubsub_subscription" "dead_letter" {
  project                    = var.project_id
  name                       = "${var.topic_names.dead_letter}-inspect"
  topic                      = google_pubsub_topic.topics["dead_letter"].id
  labels                     = var.labels
  ack_deadline_seconds       = 60
  message_retention_duration = var.message_retention_duration
  retain_acked_messages      = true

  expiration_policy {
    ttl = ""
  }
}

# Pull subscription for whoever consumes notifications (chat bridge, on-call tooling).
resource "google_pubsub_subscription" "notifications" {
  project                    = var.project_id
  name                       = "${var.topic_names.notifications}-pull"
  topic                      = google_pubsub_topic.topics["notifications"].id
  labels                     = var.labels
  ack_deadline_seconds       = 60
  message_retention_duration = var.message_retention_duration

  expiration_policy {
    ttl = ""
  }

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "600s"
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.topics["dead_letter"].id
    max_delivery_attempts = var.max_delivery_attempts
  }
}

resource "google_pubsub_topic_iam_member" "publishers" {
  for_each = var.topic_publishers

  project = var.project_id
  topic   = google_pubsub_topic.topics[each.value.topic].name
  role    = "roles/pubsub.publisher"
  member  = each.value.member
}

resource "google_pubsub_topic_iam_member" "dead_letter_publisher" {
  project = var.project_id
  topic   = google_pubsub_topic.topics["dead_letter"].name
  role    = "roles/pubsub.publisher"
  member  = local.pubsub_service_agent
}

resource "google_pubsub_subscription_iam_member" "notifications_dead_letter_subscriber" {
  project      = var.project_id
  subscription = google_pubsub_subscription.notifications.name
  role         = "roles/pubsub.subscriber"
  member       = local.pubsub_service_agent
}
