import { toStrategyOutcomeRow } from '../../core/remediation/audit-rows';
import type { StrategyOutcome, StrategyStatistics } from '../../core/remediation/ports';
import { toDuckDbDdl, toDuckDbInsertIgnore } from '../../core/schema/duckdb-ddl';
import { STRATEGY_OUTCOMES_TABLE } from '../../core/schema/tables';
import type { DuckDbDatabase } from './duckdb-database';
import { toStoreError } from './duckdb-errors';
import { bindValues } from './duckdb-event-store';

/** One strategy's verified record, as `flexiroaster report` shows it. */
export interface StrategySummary {
  strategy: string;
  successes: number;
  failures: number;
  /** successes / (successes + failures), in [0, 1]. */
  successRate: number;
  /** Median time to recover over successes that measured it; null when none did. */
  medianTimeToRecoverMs: number | null;
}

export interface StrategySummaryOptions {
  /** Only outcomes settled at or after this instant (ISO-8601). */
  since?: string;
}

/**
 * StrategyStatistics on the embedded database (`strategy_outcomes`). The action key is the primary
 * key and the insert is ON CONFLICT DO NOTHING, so an outcome recorded twice (a redelivered settle)
 * counts once. `summary()` is the read side for the report.
 */
export class DuckDbStrategyStatistics implements StrategyStatistics {
  private readonly insert = toDuckDbInsertIgnore(STRATEGY_OUTCOMES_TABLE);

  constructor(private readonly database: DuckDbDatabase) {}

  /** For a database opened with a table list that may not include strategy_outcomes: creates it if missing. */
  static async open(database: DuckDbDatabase): Promise<DuckDbStrategyStatistics> {
    try {
      await database.write((connection) => connection.run(toDuckDbDdl(STRATEGY_OUTCOMES_TABLE)));
    } catch (error) {
      throw toStoreError(error, `creating ${STRATEGY_OUTCOMES_TABLE.name}`);
    }
    return new DuckDbStrategyStatistics(database);
  }

  async recordOutcome(outcome: StrategyOutcome): Promise<void> {
    const values = bindValues(STRATEGY_OUTCOMES_TABLE, toStrategyOutcomeRow(outcome), outcome.actionKey);
    try {
      await this.database.writePrepared(this.insert, values);
    } catch (error) {
      throw toStoreError(error, `recording the outcome of ${outcome.actionKey} in ${STRATEGY_OUTCOMES_TABLE.name}`, outcome.actionKey);
    }
  }

  /** Per strategy, most-used first: successes, failures, success rate and median time to recover. */
  async summary(options: StrategySummaryOptions = {}): Promise<StrategySummary[]> {
    const where = options.since === undefined ? '' : 'WHERE settled_at >= CAST($1 AS TIMESTAMPTZ)';
    const sql = `SELECT strategy,
                        count(*) FILTER (WHERE outcome = 'succeeded') AS successes,
                        count(*) FILTER (WHERE outcome = 'failed') AS failures,
                        median(time_to_recover_ms) FILTER (WHERE outcome = 'succeeded') AS median_ttr
                   FROM ${STRATEGY_OUTCOMES_TABLE.name} ${where}
                  GROUP BY strategy
                  ORDER BY count(*) DESC, strategy`;
    try {
      const rows = await this.database.read(async (connection) => {
        const reader = await connection.runAndReadAll(sql, options.since === undefined ? [] : [options.since]);
        return reader.getRowObjectsJS() as Array<Record<string, unknown>>;
      });
      return rows.map((row) => {
        const successes = Number(row.successes ?? 0);
        const failures = Number(row.failures ?? 0);
        const total = successes + failures;
        return {
          strategy: String(row.strategy),
          successes,
          failures,
          successRate: total === 0 ? 0 : successes / total,
          medianTimeToRecoverMs: row.median_ttr === null || row.median_ttr === undefined ? null : Number(row.median_ttr),
        };
      });
    } catch (error) {
      throw toStoreError(error, `summarizing ${STRATEGY_OUTCOMES_TABLE.name}`);
    }
  }
}
