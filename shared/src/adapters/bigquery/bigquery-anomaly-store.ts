import type { BigQuery } from '@google-cloud/bigquery';
import { toAnomalyRow } from '../../core/anomaly/anomaly-rows';
import type { AnomalyStore } from '../../core/anomaly/score-ended-run';
import type { AnomalyVerdict } from '../../core/anomaly/verdict-types';
import type { RunRecord } from '../../core/runs/run-record';
import { ANOMALIES_TABLE } from '../../core/schema/tables';
import { insertRow } from './bigquery-insert';

/**
 * anomalies on BigQuery by streaming insert, anomaly_id as insertId: a redelivered verdict is dropped
 * by BigQuery's best-effort dedupe, and readers keep one row per anomaly_id anyway.
 */
export class BigQueryAnomalyStore implements AnomalyStore {
  constructor(private readonly options: { client: BigQuery; datasetId: string; tableId?: string }) {}

  async save(run: RunRecord, verdict: AnomalyVerdict, scoredAt: string): Promise<void> {
    const row = toAnomalyRow(run, verdict, scoredAt);
    await insertRow(this.options.client, this.options.datasetId, this.options.tableId ?? ANOMALIES_TABLE.name, row.anomaly_id, row);
  }
}
