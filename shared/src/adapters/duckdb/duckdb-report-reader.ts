import type { DuckDBConnection } from '@duckdb/node-api';
import type { EventReport, ReportReader } from '../../core/ports/report-reader';
import type { DuckDbDatabase } from './duckdb-database';
import { toStoreError } from './duckdb-errors';

type Row = Record<string, unknown>;

async function query(connection: DuckDBConnection, sql: string, values: (string | number | bigint)[] = []): Promise<Row[]> {
  const reader = await connection.runAndReadAll(sql, values);
  return reader.getRowObjectsJS() as Row[];
}

// COUNT(*) comes back as BIGINT (a JS bigint); report counts are far below 2^53.
function count(value: unknown): number {
  return typeof value === 'bigint' ? Number(value) : Number(value ?? 0);
}

function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

// Stored as TIMESTAMPTZ; formatted in UTC explicitly so the report does not depend on the machine's zone,
// with milliseconds like Date#toISOString so consumers can parse it back.
const ISO_UTC = (column: string): string => `strftime(${column} AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ')`;

/** Read side of `flexiroaster report` on the embedded database. */
export class DuckDbReportReader implements ReportReader {
  constructor(private readonly database: DuckDbDatabase) {}

  async readReport(options: { topPipelines: number }): Promise<EventReport> {
    const limit = Math.max(0, Math.floor(options.topPipelines));
    try {
      return await this.database.read(async (connection) => {
        const [total] = await query(connection, 'SELECT count(*) AS events FROM pipeline_events');
        const bySourceAndStatus = await query(
          connection,
          'SELECT source, status, count(*) AS events FROM pipeline_events GROUP BY source, status ORDER BY source, status',
        );
        const failing = await query(
          connection,
          `SELECT source, pipeline_id, count(*) AS failures,
                  ${ISO_UTC('max(occurred_at)')} AS last_failure_at,
                  arg_max(coalesce(error_message, ''), occurred_at) AS last_error
             FROM pipeline_events
            WHERE status = 'failed'
            GROUP BY source, pipeline_id
            ORDER BY failures DESC, max(occurred_at) DESC, source, pipeline_id
            LIMIT $1`,
          [limit],
        );
        const categories = await query(
          connection,
          `SELECT category, count(*) AS events FROM pipeline_events
            WHERE category IS NOT NULL GROUP BY category ORDER BY events DESC, category`,
        );
        const rejected = await query(
          connection,
          `SELECT reason, count(*) AS inputs, arg_max(message, received_at) AS example
             FROM rejected_events GROUP BY reason ORDER BY inputs DESC, reason`,
        );
        return {
          totalEvents: count(total?.events),
          bySourceAndStatus: bySourceAndStatus.map((row) => ({ source: text(row.source), status: text(row.status), events: count(row.events) })),
          topFailingPipelines: failing.map((row) => ({
            source: text(row.source),
            pipelineId: text(row.pipeline_id),
            failures: count(row.failures),
            lastFailureAt: text(row.last_failure_at),
            lastError: text(row.last_error),
          })),
          categories: categories.map((row) => ({ category: text(row.category), events: count(row.events) })),
          rejected: rejected.map((row) => ({ reason: text(row.reason), inputs: count(row.inputs), example: text(row.example) })),
        };
      });
    } catch (error) {
      throw toStoreError(error, 'reading the event report');
    }
  }
}
