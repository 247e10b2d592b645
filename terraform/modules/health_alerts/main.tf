# Alerts on FlexiRoaster's own health, from what the functions log (StdoutLogger's structured lines,
# which the Cloud Functions logging agent turns into jsonPayload) and from Pub/Sub's backlog metric.
locals {
  ingest_logs      = "resource.type=\"cloud_run_revision\" AND resource.labels.service_name=\"${var.ingest_service_name}\""
  remediation_logs = "resource.type=\"cloud_run_revision\" AND resource.labels.service_name=(${join(" OR ", [for s in var.remediation_service_names : "\"${s}\""])})"

  log_metrics = {
    # Ingest's own failures: uncaught errors (Pub/Sub retries them) and refused hand-offs. A pipeline
    # failure it reports is logged at ERROR too, with jsonPayload.status="failed": that is the job working.
    ingest_errors = {
      filter      = "${local.ingest_logs} AND severity>=ERROR AND NOT jsonPayload.status=\"failed\""
      description = "FlexiRoaster ingest errors (not the pipeline failures it reports)."
    }
    # Inputs ingest could not read (bad base64/JSON, oversized, unknown shape), kept in rejected_events.
    rejected_inputs = {
      filter      = "${local.ingest_logs} AND jsonPayload.message=~\"^input rejected: \""
      description = "Inputs FlexiRoaster ingest rejected, by reason."
    }
    # Requests the remediate side refused for good, actions that failed or escalated, uncaught errors.
    remediation_failures = {
      filter      = "${local.remediation_logs} AND (severity>=ERROR OR jsonPayload.message=~\"^remediation (failed|escalated)\")"
      description = "FlexiRoaster remediation failures: refused requests, failed or escalated actions, errors."
    }
  }

  alert_documentation = "Runbook: docs/DEPLOY.md, section \"When an alert fires\"."
}

resource "google_logging_metric" "health" {
  for_each = local.log_metrics

  project     = var.project_id
  name        = "${var.name_prefix}/${each.key}"
  description = each.value.description
  filter      = each.value.filter

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    unit        = "1"
  }
}

resource "google_monitoring_alert_policy" "ingest_errors" {
  project               = var.project_id
  display_name          = "${var.name_prefix}: ingest errors"
  combiner              = "OR"
  notification_channels = var.notification_channels

  conditions {
    display_name = "ingest logged an error of its own"
    condition_threshold {
      filter          = "metric.type=\"logging.googleapis.com/user/${google_logging_metric.health["ingest_errors"].name}\" AND resource.type=\"cloud_run_revision\""
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"
      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
      }
    }
  }

  documentation {
    content   = "FlexiRoaster's ingest function failed on messages (they are retried by Pub/Sub) or could not hand events to remediation. ${local.alert_documentation}"
    mime_type = "text/markdown"
  }
}

resource "google_monitoring_alert_policy" "rejected_inputs" {
  project               = var.project_id
  display_name          = "${var.name_prefix}: rejected inputs"
  combiner              = "OR"
  notification_channels = var.notification_channels

  conditions {
    display_name = "more than ${var.rejected_inputs_per_5m} inputs rejected in 5 minutes"
    condition_threshold {
      filter          = "metric.type=\"logging.googleapis.com/user/${google_logging_metric.health["rejected_inputs"].name}\" AND resource.type=\"cloud_run_revision\""
      comparison      = "COMPARISON_GT"
      threshold_value = var.rejected_inputs_per_5m
      duration        = "0s"
      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
      }
    }
  }

  documentation {
    content   = "Ingest rejects more inputs than usual; the rows are in the rejected_events table with their reason. ${local.alert_documentation}"
    mime_type = "text/markdown"
  }
}

resource "google_monitoring_alert_policy" "remediation_failures" {
  project               = var.project_id
  display_name          = "${var.name_prefix}: remediation failures"
  combiner              = "OR"
  notification_channels = var.notification_channels

  conditions {
    display_name = "a remediation failed, escalated or errored"
    condition_threshold {
      filter          = "metric.type=\"logging.googleapis.com/user/${google_logging_metric.health["remediation_failures"].name}\" AND resource.type=\"cloud_run_revision\""
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"
      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
      }
    }
  }

  documentation {
    content   = "A remediation request was refused, an action failed or was escalated to a human. The remediation_actions table has every record version. ${local.alert_documentation}"
    mime_type = "text/markdown"
  }
}

resource "google_monitoring_alert_policy" "dead_letter_depth" {
  project               = var.project_id
  display_name          = "${var.name_prefix}: dead-lettered messages"
  combiner              = "OR"
  notification_channels = var.notification_channels

  conditions {
    display_name = "dead-letter backlog above ${var.dead_letter_depth}"
    condition_threshold {
      filter          = "metric.type=\"pubsub.googleapis.com/subscription/num_undelivered_messages\" AND resource.type=\"pubsub_subscription\" AND resource.labels.subscription_id=\"${var.dead_letter_subscription_name}\""
      comparison      = "COMPARISON_GT"
      threshold_value = var.dead_letter_depth
      duration        = "300s"
      aggregations {
        alignment_period   = "300s"
        per_series_aligner = "ALIGN_MAX"
      }
    }
  }

  documentation {
    content   = "Messages a function kept failing on were moved to the dead-letter topic. Inspect them with `gcloud pubsub subscriptions pull ${var.dead_letter_subscription_name}`. ${local.alert_documentation}"
    mime_type = "text/markdown"
  }
}
