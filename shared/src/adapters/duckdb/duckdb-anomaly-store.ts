import type { AnomalyStore } from '../../core/anomaly/score-ended-run';
import { toAnomalyRow } from '../../core/anomaly/anomaly-rows';
import type { AnomalyVerdict } from '../../core/anomaly/verdict-types';
import type { RunRecord } from '../../core/runs/run-record';
import { toDuckDbUpsert } from '../../core/schema/duckdb-ddl';
import { ANOMALIES_TABLE } from '../../core/schema/tables';
import type { DuckDbDatabase } from './duckdb-database';
import { toStoreError } from './duckdb-errors';
import { bindValues } from './duckdb-event-store';

/** anomalies on the embedded database; a redelivered verdict replaces its own row (same anomaly_id). */
export class DuckDbAnomalyStore implements AnomalyStore {
  private readonly upsert = toDuckDbUpsert(ANOMALIES_TABLE);

  constructor(private readonly database: DuckDbDatabase) {}

  async save(run: RunRecord, verdict: AnomalyVerdict, scoredAt: string): Promise<void> {
    const row = toAnomalyRow(run, verdict, scoredAt);
    try {
      await this.database.writePrepared(this.upsert, bindValues(ANOMALIES_TABLE, row, row.anomaly_id));
    } catch (error) {
      throw toStoreError(error, `saving anomaly ${row.anomaly_id} of run ${run.runKey}`, row.anomaly_id);
    }
  }
}
