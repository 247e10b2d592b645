output "queue_id" {
  description = "Full queue name, projects/<project>/locations/<region>/queues/<name> (FLEXIROASTER_TASKS_QUEUE)."
  value       = "projects/${var.project_id}/locations/${var.region}/queues/${google_cloud_tasks_queue.this.name}"
}

output "queue_name" {
  description = "Queue id."
  value       = google_cloud_tasks_queue.this.name
}
