import type { BigQuery } from '@google-cloud/bigquery';
import type { EventReport, ReportReader } from '../../core/ports/report-reader';
import { PIPELINE_EVENTS_TABLE, REJECTED_EVENTS_TABLE } from '../../core/schema/tables';
import { numberCell, qualifiedTable, runReadQuery, textCell } from './bigquery-read-query';

export interface BigQueryReportReaderOptions {
  client: BigQuery;
  projectId: string;
  datasetId: string;
  location?: string;
}

// Streaming inserts deduplicate on insertId only best-effort, so each query keeps one row per id.
const EVENTS = (table: string): string => `(SELECT * FROM ${table} WHERE TRUE QUALIFY ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY ingested_at) = 1)`;
const REJECTED = (table: string): string => `(SELECT * FROM ${table} WHERE TRUE QUALIFY ROW_NUMBER() OVER (PARTITION BY rejection_id ORDER BY received_at) = 1)`;

/** `flexiroaster report --store bigquery`: the same tables as on DuckDB, from the deployment's dataset. */
export class BigQueryReportReader implements ReportReader {
  private readonly events: string;
  private readonly rejected: string;

  constructor(private readonly options: BigQueryReportReaderOptions) {
    this.events = EVENTS(qualifiedTable(options.projectId, options.datasetId, PIPELINE_EVENTS_TABLE.name));
    this.rejected = REJECTED(qualifiedTable(options.projectId, options.datasetId, REJECTED_EVENTS_TABLE.name));
  }

  async readReport(options: { topPipelines: number }): Promise<EventReport> {
    const run = (purpose: string, query: string, params?: Record<string, unknown>) =>
      runReadQuery(this.options.client, { query, purpose: `report: ${purpose}`, ...(this.options.location ? { location: this.options.location } : {}), ...(params ? { params } : {}) });
    const [totals, failing, categories, rejected] = await Promise.all([
      run('events by source and status', `SELECT source, status, COUNT(*) AS events FROM ${this.events} GROUP BY source, status ORDER BY source, status`),
      run(
        'top failing pipelines',
        `SELECT source, pipeline_id, COUNT(*) AS failures,
                FORMAT_TIMESTAMP('%Y-%m-%dT%H:%M:%E3SZ', MAX(occurred_at), 'UTC') AS last_failure_at,
                ARRAY_AGG(IFNULL(error_message, '') ORDER BY occurred_at DESC LIMIT 1)[OFFSET(0)] AS last_error
           FROM ${this.events}
          WHERE status = 'failed'
          GROUP BY source, pipeline_id
          ORDER BY failures DESC, MAX(occurred_at) DESC, source, pipeline_id
          LIMIT @limit`,
        { limit: Math.max(0, Math.floor(options.topPipelines)) },
      ),
      run('failure categories', `SELECT category, COUNT(*) AS events FROM ${this.events} WHERE category IS NOT NULL GROUP BY category ORDER BY events DESC, category`),
      run(
        'rejected inputs',
        `SELECT reason, COUNT(*) AS inputs, ARRAY_AGG(message ORDER BY received_at DESC LIMIT 1)[OFFSET(0)] AS example
           FROM ${this.rejected} GROUP BY reason ORDER BY inputs DESC, reason`,
      ),
    ]);
    const bySourceAndStatus = totals.map((row) => ({ source: textCell(row.source), status: textCell(row.status), events: numberCell(row.events) }));
    return {
      totalEvents: bySourceAndStatus.reduce((sum, row) => sum + row.events, 0),
      bySourceAndStatus,
      topFailingPipelines: failing.map((row) => ({
        source: textCell(row.source),
        pipelineId: textCell(row.pipeline_id),
        failures: numberCell(row.failures),
        lastFailureAt: textCell(row.last_failure_at),
        lastError: textCell(row.last_error),
      })),
      categories: categories.map((row) => ({ category: textCell(row.category), events: numberCell(row.events) })),
      rejected: rejected.map((row) => ({ reason: textCell(row.reason), inputs: numberCell(row.inputs), example: textCell(row.example) })),
    };
  }
}
