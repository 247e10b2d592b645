import type { RiskPredictionStore } from '../../core/risk/prediction-rows';
import { toDuckDbInsertIgnore } from '../../core/schema/duckdb-ddl';
import { RISK_PREDICTIONS_TABLE, type RiskPredictionRow } from '../../core/schema/tables';
import type { DuckDbDatabase } from './duckdb-database';
import { toStoreError } from './duckdb-errors';
import { bindValues } from './duckdb-event-store';

/** RiskPredictionStore on the embedded database: one row per scored run start and model, a repeat is ignored. */
export class DuckDbRiskPredictionStore implements RiskPredictionStore {
  private readonly insert = toDuckDbInsertIgnore(RISK_PREDICTIONS_TABLE);

  constructor(private readonly database: DuckDbDatabase) {}

  async savePredictions(rows: readonly RiskPredictionRow[]): Promise<void> {
    for (const row of rows) {
      try {
        await this.database.writePrepared(this.insert, bindValues(RISK_PREDICTIONS_TABLE, row, row.prediction_id));
      } catch (error) {
        throw toStoreError(error, `saving risk prediction ${row.prediction_id} to ${RISK_PREDICTIONS_TABLE.name}`, row.prediction_id);
      }
    }
  }
}
