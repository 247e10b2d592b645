import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { quoteIdentifier } from '../../core/schema/duckdb-ddl';
import type { RowOf, TableDefinition } from '../../core/schema/tables';

/**
 * SELECT list of a table that reads back the row shape the table accepts: TIMESTAMPTZ as ISO UTC
 * text with milliseconds (independent of the machine's zone), BIGINT as a JS number. `alias`
 * qualifies the columns when the query joins.
 */
export function selectColumns(table: TableDefinition, alias?: string): string {
  const prefix = alias === undefined ? '' : `${alias}.`;
  return table.fields
    .map((field) => {
      const column = `${prefix}${quoteIdentifier(field.name)}`;
      if (field.type === 'TIMESTAMP') return `strftime(${column} AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') AS ${quoteIdentifier(field.name)}`;
      if (field.type === 'JSON') return `CAST(${column} AS VARCHAR) AS ${quoteIdentifier(field.name)}`;
      return `${column} AS ${quoteIdentifier(field.name)}`;
    })
    .join(', ');
}

function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

/** Runs a query whose SELECT list came from selectColumns and returns typed rows. */
export async function readTableRows<T extends TableDefinition>(connection: DuckDBConnection, table: T, sql: string, values: DuckDBValue[] = []): Promise<RowOf<T>[]> {
  const reader = await connection.runAndReadAll(sql, values);
  return (reader.getRowObjectsJS() as Array<Record<string, unknown>>).map((raw) => {
    const row: Record<string, unknown> = {};
    for (const field of table.fields) {
      const value = plain(raw[field.name]);
      row[field.name] = field.mode === 'REPEATED' && (value === null || value === undefined) ? [] : (value ?? null);
    }
    return row as RowOf<T>;
  });
}
