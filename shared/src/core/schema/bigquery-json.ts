import type { TableDefinition } from './tables';

/** One entry of BigQuery's TableSchema.fields (REST TableFieldSchema), as Terraform's `schema` argument expects. */
export interface BigQueryFieldSchema {
  name: string;
  type: string;
  mode: string;
  description: string;
}

/** What the Terraform module needs besides the columns; read from tables.json so it is not restated in HCL. */
export interface BigQueryTableManifestEntry {
  name: string;
  description: string;
  schema_file: string;
  time_partitioning: { field: string; type: string } | null;
  clustering: string[];
}

export function toBigQuerySchema(table: TableDefinition): BigQueryFieldSchema[] {
  return table.fields.map((field) => ({ name: field.name, type: field.type, mode: field.mode, description: field.description }));
}

export function toBigQueryManifest(tables: readonly TableDefinition[]): BigQueryTableManifestEntry[] {
  return tables.map((table) => ({
    name: table.name,
    description: table.description,
    schema_file: `schemas/${table.name}.json`,
    time_partitioning: table.partitioning ? { field: table.partitioning.field, type: table.partitioning.type } : null,
    clustering: [...(table.clustering ?? [])],
  }));
}

/** Stable text form (2-space indent, trailing newline) so regenerating an unchanged schema is a no-op diff. */
export function toJsonFile(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
