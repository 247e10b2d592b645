import { ANALYTICS_VIEWS, type AnalyticsView } from '../../core/analytics/views';
import { toDuckDbDdl } from '../../core/schema/duckdb-ddl';
import { TABLES, type TableDefinition } from '../../core/schema/tables';
import { DuckDbCoordinationStore } from '../coordination/duckdb-coordination-store';
import type { DuckDbDatabase } from './duckdb-database';
import { toStoreError } from './duckdb-errors';

/** The embedded store keeps remediation records in the coordination store's table, not the BigQuery audit table. */
const REMEDIATION = 'remediation_actions';

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
    const tables: TableDefinition[] = [...needed].filter((name) => name !== REMEDIATION).map((name) => {
      const table = TABLES.find((definition) => definition.name === name);
      if (table === undefined) throw new Error(`analytics views read a table with no definition: ${name}`);
      return table;
    });
    if (needed.has(REMEDIATION)) await DuckDbCoordinationStore.open(database);
    try {
      await database.write(async (connection) => {
        for (const table of tables) await connection.run(toDuckDbDdl(table));
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
