import type { Category } from '../domain/category';
import type { JsonObject } from '../domain/log-entry';
import type { Source } from '../domain/pipeline-event';
import type { ActionExecutor, ActionKind } from './actions';
import type { StrategyId } from './strategy-catalog';

/** Executors keyed by action kind; an unknown kind means FlexiRoaster cannot act and must refuse. */
export interface ExecutorRegistry {
  executorFor<K extends ActionKind>(kind: K): ActionExecutor<K> | undefined;
}

export interface BigQueryJobReference {
  projectId: string;
  location?: string;
  jobId: string;
}

/**
 * The failure event carries only ids; re-running a BigQuery job needs its original JobConfiguration,
 * which the audit log (jobs.insert / JobInsertion) or jobs.get holds. Returns null when it is gone.
 * Throws TransientStoreError when a later try may succeed.
 */
export interface JobConfigurationSource {
  jobConfiguration(job: BigQueryJobReference): Promise<JsonObject | null>;
}

export interface StrategyOutcome {
  strategy: StrategyId;
  category: Category;
  source: Source;
  pipelineId: string;
  actionKey: string;
  outcome: 'succeeded' | 'failed';
  timeToRecoverMs: number | null;
  settledAt: string;
}

/** Per-strategy success statistics, learned from verified outcomes (BigQuery view or counters). */
export interface StrategyStatistics {
  recordOutcome(outcome: StrategyOutcome): Promise<void>;
}
