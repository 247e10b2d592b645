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

/** What jobs.get says about the failed job: the only source of what a rerun submits. */
export interface OriginalBigQueryJob {
  /** The part of job.configuration a rerun submits (one of query/load/copy/extract, labels, jobTimeoutMs, reservation). */
  configuration: JsonObject;
  /** statistics.query.statementType, when BigQuery parsed the query before it failed (SCRIPT for several statements). */
  statementType?: string;
  /** statistics.query.referencedTables as project.dataset.table. */
  referencedTables: string[];
  /** user_email: who ran the original job; recorded with every rerun. */
  principal?: string;
}

/**
 * The failure event carries only ids; re-running a BigQuery job needs what the job was, which only
 * jobs.get of that job may say (never the remediation request). Returns null when it is gone.
 * Throws TransientStoreError when a later try may succeed, PermanentStoreError when none will.
 */
export interface JobConfigurationSource {
  originalJob(job: BigQueryJobReference): Promise<OriginalBigQueryJob | null>;
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
