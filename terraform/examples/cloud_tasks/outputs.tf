output "queue_id" {
  description = "Full queue name (FLEXIROASTER_TASKS_QUEUE)."
  value       = module.queue.queue_id
}
