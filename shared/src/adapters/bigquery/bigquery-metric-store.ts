import type { BigQuery, InsertRowsOptions } from '@google-cloud/bigquery';
import { toPipelineMetricRow } from '../../core/metrics/metric-rows';
import type { MetricPoint } from '../../core/metrics/metric-point';
import type { MetricStore } from '../../core/metrics/ports';
import type { Clock } from '../../core/ports/clock';
import { PIPELINE_METRICS_TABLE } from '../../core/schema/tables';
import { toStoreError } from './bigquery-errors';

export interface BigQueryMetricStoreOptions {
  client: BigQuery;
  datasetId: string;
  clock: Clock;
  /** Table id; defaults to pipeline_metrics (what Terraform creates). */
  table?: string;
  /** Rows per insertAll request; default 500 (BigQuery recommends at most 500 rows per request). */
  batchSize?: number;
}

const INSERT_OPTIONS: InsertRowsOptions = { raw: true, partialRetries: 0, skipInvalidRows: false, ignoreUnknownValues: false };

/**
 * MetricStore on BigQuery: tabledata.insertAll in batches, each row with point_id (a hash of
 * pipeline, metric and timestamp) as insertId, so a point re-read by an overlapping tick is dropped by
 * BigQuery's best-effort dedupe; queries that need exact values take one row per point_id. BigQuery
 * does not say which rows were duplicates, so every accepted row counts as inserted.
 */
export class BigQueryMetricStore implements MetricStore {
  private readonly table: string;

  constructor(private readonly options: BigQueryMetricStoreOptions) {
    this.table = options.table ?? PIPELINE_METRICS_TABLE.name;
  }

  async savePoints(points: readonly MetricPoint[]): Promise<{ inserted: number; duplicates: number }> {
    const readAt = this.options.clock.now();
    const rows = points.map((point) => toPipelineMetricRow(point, readAt));
    const batchSize = this.options.batchSize ?? 500;
    const table = this.options.client.dataset(this.options.datasetId).table(this.table);
    for (let start = 0; start < rows.length; start += batchSize) {
      const batch = rows.slice(start, start + batchSize);
      try {
        await table.insert(
          batch.map((row) => ({ insertId: row.point_id, json: row })),
          INSERT_OPTIONS,
        );
      } catch (error) {
        throw toStoreError(error, `${this.options.datasetId}.${this.table}`, batch[0]?.point_id ?? '');
      }
    }
    return { inserted: rows.length, duplicates: 0 };
  }
}
