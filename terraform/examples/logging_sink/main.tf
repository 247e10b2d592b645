# Dataflow and Workflows failure logs of one environment into a topic.
provider "google" {
  project = var.project_id
  region  = var.region
}

resource "google_pubsub_topic" "logs" {
  project = var.project_id
  name    = "flexiroaster-example-logs"
}

module "sink" {
  source = "../../modules/logging_sink"

  project_id        = var.project_id
  sink_name         = "flexiroaster-example"
  topic_id          = google_pubsub_topic.logs.id
  sources           = ["dataflow", "workflows"]
  additional_filter = "labels.env=\"example\""
}
