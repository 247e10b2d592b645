import { toPipelineMetricRow } from '../../core/metrics/metric-rows';
import type { MetricPoint } from '../../core/metrics/metric-point';
import type { MetricStore } from '../../core/metrics/ports';
import type { Clock } from '../../core/ports/clock';
import { toDuckDbDdl, toDuckDbInsert } from '../../core/schema/duckdb-ddl';
import { PIPELINE_METRICS_TABLE } from '../../core/schema/tables';
import type { DuckDbDatabase } from './duckdb-database';
import { isDuplicateKey, toStoreError } from './duckdb-errors';
import { bindValues } from './duckdb-event-store';

/**
 * MetricStore on the embedded database (`pipeline_metrics`). point_id, a hash of (pipeline, metric,
 * timestamp), is the primary key, so a point read again by an overlapping tick is a duplicate, not a
 * second row.
 */
export class DuckDbMetricStore implements MetricStore {
  private readonly insert = toDuckDbInsert(PIPELINE_METRICS_TABLE);

  constructor(
    private readonly database: DuckDbDatabase,
    private readonly clock: Clock,
  ) {}

  /** For a database opened with a table list that may not include pipeline_metrics: creates it if missing. */
  static async open(database: DuckDbDatabase, clock: Clock): Promise<DuckDbMetricStore> {
    try {
      await database.write((connection) => connection.run(toDuckDbDdl(PIPELINE_METRICS_TABLE)));
    } catch (error) {
      throw toStoreError(error, `creating ${PIPELINE_METRICS_TABLE.name}`);
    }
    return new DuckDbMetricStore(database, clock);
  }

  async savePoints(points: readonly MetricPoint[]): Promise<{ inserted: number; duplicates: number }> {
    const readAt = this.clock.now();
    let inserted = 0;
    let duplicates = 0;
    for (const point of points) {
      const row = toPipelineMetricRow(point, readAt);
      try {
        await this.database.writePrepared(this.insert, bindValues(PIPELINE_METRICS_TABLE, row, row.point_id));
        inserted += 1;
      } catch (error) {
        if (!isDuplicateKey(error)) throw toStoreError(error, `saving ${point.metric} of ${point.pipelineId} at ${point.timestamp} to ${PIPELINE_METRICS_TABLE.name}`, row.point_id);
        duplicates += 1;
      }
    }
    return { inserted, duplicates };
  }
}
