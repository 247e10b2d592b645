import { toMetricAnomalyRow } from '../../core/metrics/metric-rows';
import type { MetricAnomaly, MetricAnomalyStore } from '../../core/monitor/ports';
import { toDuckDbDdl, toDuckDbInsertIgnore } from '../../core/schema/duckdb-ddl';
import { METRIC_ANOMALIES_TABLE } from '../../core/schema/tables';
import type { DuckDbDatabase } from './duckdb-database';
import { toStoreError } from './duckdb-errors';
import { bindValues } from './duckdb-event-store';

/** MetricAnomalyStore on the embedded database: one `metric_anomalies` row per anomalous point, a repeat is ignored. */
export class DuckDbMetricAnomalyStore implements MetricAnomalyStore {
  private readonly insert = toDuckDbInsertIgnore(METRIC_ANOMALIES_TABLE);

  constructor(private readonly database: DuckDbDatabase) {}

  static async open(database: DuckDbDatabase): Promise<DuckDbMetricAnomalyStore> {
    try {
      await database.write((connection) => connection.run(toDuckDbDdl(METRIC_ANOMALIES_TABLE)));
    } catch (error) {
      throw toStoreError(error, `creating ${METRIC_ANOMALIES_TABLE.name}`);
    }
    return new DuckDbMetricAnomalyStore(database);
  }

  async saveAnomalies(anomalies: readonly MetricAnomaly[]): Promise<void> {
    for (const anomaly of anomalies) {
      try {
        await this.database.writePrepared(this.insert, bindValues(METRIC_ANOMALIES_TABLE, toMetricAnomalyRow(anomaly), anomaly.anomalyId));
      } catch (error) {
        throw toStoreError(error, `saving anomaly ${anomaly.anomalyId} to ${METRIC_ANOMALIES_TABLE.name}`, anomaly.anomalyId);
      }
    }
  }
}
