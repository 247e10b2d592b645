import type { BigQuery } from '@google-cloud/bigquery';
import { toStrategyOutcomeRow } from '../../core/remediation/audit-rows';
import type { StrategyOutcome, StrategyStatistics } from '../../core/remediation/ports';
import { STRATEGY_OUTCOMES_TABLE } from '../../core/schema/tables';
import { insertRow } from './bigquery-insert';

export interface BigQueryStrategyStatisticsOptions {
  client: BigQuery;
  datasetId: string;
  /** Table id; defaults to strategy_outcomes (what Terraform creates). */
  table?: string;
}

/**
 * StrategyStatistics on BigQuery: tabledata.insertAll of one `strategy_outcomes` row per verified
 * outcome, with the action key as insertId, so a redelivered settle is dropped by BigQuery's
 * best-effort dedupe (queries that need exact counts take one row per action_key). Success rates
 * are read from the table (a view or the report), not kept as counters here.
 * Throws TransientStoreError / PermanentStoreError like the event store.
 */
export class BigQueryStrategyStatistics implements StrategyStatistics {
  private readonly table: string;

  constructor(private readonly options: BigQueryStrategyStatisticsOptions) {
    this.table = options.table ?? STRATEGY_OUTCOMES_TABLE.name;
  }

  async recordOutcome(outcome: StrategyOutcome): Promise<void> {
    await insertRow(this.options.client, this.options.datasetId, this.table, outcome.actionKey, toStrategyOutcomeRow(outcome));
  }
}
