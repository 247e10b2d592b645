import type { BigQuery } from '@google-cloud/bigquery';
import { toMetricAnomalyRow } from '../../core/metrics/metric-rows';
import type { MetricAnomaly, MetricAnomalyStore } from '../../core/monitor/ports';
import { METRIC_ANOMALIES_TABLE } from '../../core/schema/tables';
import { insertRow } from './bigquery-insert';

export interface BigQueryMetricAnomalyStoreOptions {
  client: BigQuery;
  datasetId: string;
  /** Table id; defaults to metric_anomalies (what Terraform creates). */
  table?: string;
}

/**
 * MetricAnomalyStore on BigQuery: one insertAll per anomaly with the anomaly id (the point id) as
 * insertId, so a repeated tick is dropped by BigQuery's best-effort dedupe. Anomalies are rare, so one
 * row per request keeps an invalid row from hiding the others.
 */
export class BigQueryMetricAnomalyStore implements MetricAnomalyStore {
  constructor(private readonly options: BigQueryMetricAnomalyStoreOptions) {}

  async saveAnomalies(anomalies: readonly MetricAnomaly[]): Promise<void> {
    const table = this.options.table ?? METRIC_ANOMALIES_TABLE.name;
    for (const anomaly of anomalies) await insertRow(this.options.client, this.options.datasetId, table, anomaly.anomalyId, toMetricAnomalyRow(anomaly));
  }
}
