import type { AnomalyReportReader } from '../../core/health/anomaly-report';
import type { StoredAnomaly } from '../../core/health/snapshot-types';
import type { Source } from '../../core/domain/pipeline-event';
import { ANOMALIES_TABLE } from '../../core/schema/tables';
import type { DuckDbDatabase } from './duckdb-database';
import { toStoreError } from './duckdb-errors';
import { readTableRows, selectColumns } from './duckdb-table-rows';

/** Recent rows of the anomalies table for `flexiroaster report`. */
export class DuckDbAnomalyReportReader implements AnomalyReportReader {
  constructor(private readonly database: DuckDbDatabase) {}

  async recentAnomalies(limit: number): Promise<StoredAnomaly[]> {
    try {
      const rows = await this.database.read((connection) =>
        readTableRows(connection, ANOMALIES_TABLE, `SELECT ${selectColumns(ANOMALIES_TABLE)} FROM anomalies ORDER BY detected_at DESC, anomaly_id LIMIT $1`, [Math.max(0, Math.floor(limit))]),
      );
      return rows.map((row) => ({ runKey: row.run_key, pipelineId: row.pipeline_id, runId: row.run_id, source: row.source as Source, detectedAt: row.detected_at, score: row.score, reasons: row.reasons, kinds: row.kinds }));
    } catch (error) {
      throw toStoreError(error, 'reading recent anomalies');
    }
  }
}
