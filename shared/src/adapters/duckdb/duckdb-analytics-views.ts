import { ANALYTICS_VIEWS, type AnalyticsView } from '../../core/analytics/views';
import { REMEDIATION_ACTIONS_TABLE } from '../../core/remediation/remediation-record';
import { toDuckDbDdl } from '../../core/schema/duckdb-ddl';
import { TABLES, type TableDefinition } from '../../core/schema/tables';
import type { DuckDbDatabase } from './duckdb-database';
import { toStoreError } from './duckdb-errors';

/** The embedded store keeps the current remediation record, not the BigQuery audit versions. */
const LOCAL_TABLES: readonly TableDefinition[] = [...TABLES.filter((table) => table.name !== REMEDIATION_ACTIONS_TABLE.name), REMEDIATION_ACTIONS_TABLE];

export type ViewRow = Record<string, string | number | boolean | null>;

/**
 * The analytics views on the embedded database: the same definitions BigQuery gets, rendered for
 * DuckDB. Tables a view reads are created first when missing (empty), so every view exists on any
 * local database, even one that has not seen every kind of row yet.
 */
export class DuckDbAnalyticsViews {
  private constructor(private readonly database: DuckDbDatabase) {}

  static async install(database: DuckDbDatabase, views: readonly AnalyticsView[] = ANALYTICS_VIEWS): Promise<DuckDbAnalyticsViews> {
    const needed = new Set(views.flatMap((view) => view.tables));
    const missing = [...needed].filter((name) => !LOCAL_TABLES.some((table) => table.name === name));
    if (missing.length > 0) throw new Error(`analytics views read tables with no definition: ${missing.join(', ')}`);
    try {
      await database.write(async (connection) => {
        for (const table of LOCAL_TABLES.filter((definition) => needed.has(definition.name))) await connection.run(toDuckDbDdl(table));
        for (const view of views) await connection.run(`CREATE OR REPLACE VIEW ${view.name} AS ${view.sql('duckdb')}`);
      });
    } catch (error) {
      throw toStoreError(error, 'creating the analytics views');
    }
    return new DuckDbAnalyticsViews(database);
  }

  /** Every row of a view, JSON-friendly: BIGINT/HUGEINT as numbers, DATE/TIMESTAMP as ISO text. */
  async rows(view: string, orderBy?: string): Promise<ViewRow[]> {
    const known = ANALYTICS_VIEWS.find((candidate) => candidate.name === view);
    if (known === undefined) throw new RangeError(`unknown analytics view ${JSON.stringify(view)}`);
    const sql = `SELECT * FROM ${known.name}${orderBy === undefined ? '' : ` ORDER BY ${orderBy}`}`;
    try {
      const rows = await this.database.read(async (connection) => (await connection.runAndReadAll(sql)).getRowObjectsJS() as Array<Record<string, unknown>>);
      return rows.map(plain);
    } catch (error) {
      throw toStoreError(error, `reading ${known.name}`);
    }
  }
}

function plain(row: Record<string, unknown>): ViewRow {
  const out: ViewRow = {};
  for (const [key, value] of Object.entries(row)) {
    if (typeof value === 'bigint') out[key] = Number(value);
    else if (value instanceof Date) out[key] = value.toISOString();
    else if (value === undefined) out[key] = null;
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) out[key] = value;
    else out[key] = String(value);
  }
  return out;
}
