import type { RowOf, TableDefinition } from '../../core/schema/tables';

/**
 * A row as the client library returns it from a query (TIMESTAMP as BigQueryTimestamp { value },
 * INT64 as number or string, REPEATED as arrays, JSON as text) in the shape the table accepts:
 * TIMESTAMP as ISO UTC text with milliseconds, INTEGER/FLOAT as numbers.
 */
export function fromQueryRow<T extends TableDefinition>(table: T, raw: Record<string, unknown>): RowOf<T> {
  const row: Record<string, unknown> = {};
  for (const field of table.fields) {
    const value = raw[field.name];
    if (field.mode === 'REPEATED') {
      row[field.name] = Array.isArray(value) ? value.map((item) => scalar(field.type, item)) : [];
    } else {
      row[field.name] = value === null || value === undefined ? null : scalar(field.type, value);
    }
  }
  return row as RowOf<T>;
}

function scalar(type: TableDefinition['fields'][number]['type'], value: unknown): unknown {
  if (type === 'TIMESTAMP') {
    const text = typeof value === 'object' && value !== null && 'value' in value ? String((value as { value: unknown }).value) : String(value);
    const millis = Date.parse(text);
    return Number.isNaN(millis) ? text : new Date(millis).toISOString();
  }
  if (type === 'INTEGER' || type === 'FLOAT') return typeof value === 'number' ? value : Number(value);
  if (type === 'JSON') return typeof value === 'string' ? value : JSON.stringify(value);
  return value;
}
