# Tables come from tables.json and schemas/*.json, which scripts/generate-schemas.ts writes from the
# TypeScript definitions in shared/src/core/schema/tables.ts. Edit those, not the JSON.
locals {
  tables = { for table in jsondecode(file("${path.module}/tables.json")) : table.name => table }
  # Analytics views (shared/src/core/analytics/views.ts): BigQuery SQL with ${project} and ${dataset} to fill.
  views = { for view in jsondecode(file("${path.module}/views.json")) : view.name => view }

  partition_expiration_ms = var.partition_expiration_days == null ? null : var.partition_expiration_days * 24 * 60 * 60 * 1000
}

resource "google_bigquery_dataset" "this" {
  project                    = var.project_id
  dataset_id                 = var.dataset_id
  location                   = var.location
  description                = var.description
  labels                     = var.labels
  delete_contents_on_destroy = false
}

resource "google_bigquery_table" "tables" {
  for_each = local.tables

  project             = var.project_id
  dataset_id          = google_bigquery_dataset.this.dataset_id
  table_id            = each.key
  description         = each.value.description
  schema              = file("${path.module}/${each.value.schema_file}")
  clustering          = length(each.value.clustering) > 0 ? each.value.clustering : null
  deletion_protection = var.deletion_protection
  labels              = var.labels

  dynamic "time_partitioning" {
    for_each = each.value.time_partitioning == null ? [] : [each.value.time_partitioning]
    content {
      type          = time_partitioning.value.type
      field         = time_partitioning.value.field
      expiration_ms = local.partition_expiration_ms
    }
  }
}

resource "google_bigquery_table" "views" {
  for_each = local.views

  project             = var.project_id
  dataset_id          = google_bigquery_dataset.this.dataset_id
  table_id            = each.key
  description         = each.value.description
  deletion_protection = false
  labels              = var.labels

  view {
    query          = templatefile("${path.module}/${each.value.sql_file}", { project = var.project_id, dataset = google_bigquery_dataset.this.dataset_id })
    use_legacy_sql = false
  }

  # A view is validated against the tables it reads when it is created.
  depends_on = [google_bigquery_table.tables]
}

# Dataset-level grants only: the functions can write these tables and no others in the project.
resource "google_bigquery_dataset_iam_member" "data_editors" {
  for_each = var.data_editor_members

  project    = var.project_id
  dataset_id = google_bigquery_dataset.this.dataset_id
  role       = "roles/bigquery.dataEditor"
  member     = each.value
}

resource "google_bigquery_dataset_iam_member" "data_viewers" {
  for_each = var.data_viewer_members

  project    = var.project_id
  dataset_id = google_bigquery_dataset.this.dataset_id
  role       = "roles/bigquery.dataViewer"
  member     = each.value
}
