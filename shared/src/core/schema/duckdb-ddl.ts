import type { FieldDefinition, FieldType, TableDefinition } from './tables';

// TIMESTAMPTZ, not TIMESTAMP: DuckDB's plain TIMESTAMP silently drops a UTC offset on cast.
const DUCKDB_TYPES: Record<FieldType, string> = {
  STRING: 'VARCHAR',
  INTEGER: 'BIGINT',
  FLOAT: 'DOUBLE',
  BOOLEAN: 'BOOLEAN',
  TIMESTAMP: 'TIMESTAMPTZ',
  JSON: 'JSON',
};

/** Quoted so column names that are keywords in DuckDB (e.g. "signal") stay plain identifiers. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function duckDbColumnType(field: FieldDefinition): string {
  const base = DUCKDB_TYPES[field.type];
  return field.mode === 'REPEATED' ? `${base}[]` : base;
}

function columnDefinition(field: FieldDefinition): string {
  const notNull = field.mode === 'REQUIRED' ? ' NOT NULL' : '';
  return `  ${quoteIdentifier(field.name)} ${duckDbColumnType(field)}${notNull}`;
}

/** CREATE TABLE IF NOT EXISTS for one table; the primary key is what makes saves idempotent locally. */
export function toDuckDbDdl(table: TableDefinition): string {
  const lines = table.fields.map(columnDefinition);
  if (table.primaryKey && table.primaryKey.length > 0) {
    lines.push(`  PRIMARY KEY (${table.primaryKey.map(quoteIdentifier).join(', ')})`);
  }
  return `CREATE TABLE IF NOT EXISTS ${quoteIdentifier(table.name)} (\n${lines.join(',\n')}\n);`;
}

/**
 * A parameterised insert that leaves an existing row alone: the changed-row count then says whether
 * this call inserted (1) or found a duplicate (0). Values are bound positionally in field order.
 */
export function toDuckDbInsertIgnore(table: TableDefinition): string {
  return `${toDuckDbInsert(table)} ON CONFLICT DO NOTHING`;
}

/** A parameterised plain insert; a duplicate primary key fails with a Constraint Error the caller can recognise. */
export function toDuckDbInsert(table: TableDefinition): string {
  const columns = table.fields.map((field) => quoteIdentifier(field.name)).join(', ');
  const values = table.fields.map((field, index) => castFor(field, index + 1)).join(', ');
  return `INSERT INTO ${quoteIdentifier(table.name)} (${columns}) VALUES (${values})`;
}

function castFor(field: FieldDefinition, position: number): string {
  // Timestamps and JSON arrive as text; the explicit cast turns a malformed value into a Conversion Error on this row.
  if (field.mode === 'REPEATED') return `CAST(CAST($${position} AS JSON) AS ${duckDbColumnType(field)})`;
  if (field.type === 'TIMESTAMP' || field.type === 'JSON') return `CAST($${position} AS ${duckDbColumnType(field)})`;
  return `$${position}`;
}

/** A parameterised insert that replaces the row with the same primary key: the upsert of tables folded in place. */
export function toDuckDbUpsert(table: TableDefinition): string {
  return toDuckDbInsert(table).replace(/^INSERT INTO/, 'INSERT OR REPLACE INTO');
}
