import type { Category } from '../domain/category';
import type { PipelineEvent, Source } from '../domain/pipeline-event';
import type { BackoffPolicy } from './backoff';
import { step, type Plan } from './plan';
import type { StrategyId } from './strategy-catalog';

const MINUTE = 60_000;

const NETWORK_BACKOFF: BackoffPolicy = { initialDelayMs: 30_000, multiplier: 2, maxDelayMs: 10 * MINUTE, jitter: 'equal' };
const RATE_BACKOFF: BackoffPolicy = { initialDelayMs: MINUTE, multiplier: 2, maxDelayMs: 15 * MINUTE, jitter: 'equal' };
const CAPACITY_BACKOFF: BackoffPolicy = { initialDelayMs: 5 * MINUTE, multiplier: 2, maxDelayMs: 30 * MINUTE, jitter: 'equal' };
/** A missing upstream table often lands late; waiting longer is the cheap fix. */
const UPSTREAM_BACKOFF: BackoffPolicy = { initialDelayMs: 10 * MINUTE, multiplier: 2, maxDelayMs: 60 * MINUTE, jitter: 'equal' };
const ZONE_SWITCH_BACKOFF: BackoffPolicy = { initialDelayMs: 15_000, multiplier: 2, maxDelayMs: 2 * MINUTE, jitter: 'equal' };

const RERUN: Readonly<Record<Source, StrategyId>> = {
  bigquery: 'retry_bigquery_job',
  dataflow: 'relaunch_dataflow_flex_template',
  composer: 'clear_failed_airflow_tasks',
  workflows: 'reexecute_workflow',
};

const ZONE_STOCKOUT = /ZONE_RESOURCE_POOL_EXHAUSTED|\bstock-?out\b|does not have enough resources available|resource pool exhausted|currently unavailable in (?:the )?zone/i;
/**
 * Capacity that comes back by itself (stock-outs, slot contention, busy backends). Total quotas (CPUs,
 * IPs) and "Resources exceeded during query execution" (the query is too big) do not pass with time.
 */
const TRANSIENT_CAPACITY = new RegExp(
  [ZONE_STOCKOUT.source, String.raw`try again later`, String.raw`temporarily`, String.raw`\bslots?\b.*\b(?:unavailable|contention|exhausted)\b`, String.raw`too many (?:concurrent|queued)`, String.raw`queue (?:is )?full`].join('|'),
  'i',
);

export function isZoneStockout(message: string): boolean {
  return ZONE_STOCKOUT.test(message);
}

export function isTransientCapacity(message: string): boolean {
  return TRANSIENT_CAPACITY.test(message);
}

export interface PlanFacts {
  category: Category;
  event: Pick<PipelineEvent, 'source' | 'errorMessage'>;
  /** Streaming Dataflow jobs can be rescaled and drained; batch jobs only cancelled. */
  dataflowJobType?: 'batch' | 'streaming';
}

/** The default plan for a category and source, each in the safe order. */
export function defaultPlan(facts: PlanFacts): Plan {
  const { category, event } = facts;
  const source = event.source;
  const rerun = RERUN[source];
  const message = event.errorMessage ?? '';
  switch (category) {
    case 'permission_denied':
      return [step('escalate')];
    case 'authentication_failure':
      return [step('refresh_credentials'), step('escalate')];
    case 'network_timeout':
      return [step(rerun, 3, NETWORK_BACKOFF), step('skip_non_critical')];
    case 'rate_limiting':
      return [step(rerun, 4, RATE_BACKOFF), step('skip_non_critical')];
    case 'resource_exhaustion':
      if (source === 'dataflow' && isZoneStockout(message)) return [step(rerun, 2, ZONE_SWITCH_BACKOFF), step('skip_non_critical')];
      if (isTransientCapacity(message)) return [step(rerun, 2, CAPACITY_BACKOFF), step('skip_non_critical')];
      return [step('escalate')];
    case 'memory_leak':
      if (source === 'dataflow') return [step(rerun, 2), step('escalate')];
      // An Airflow worker shared with other tasks may have run out of memory because of them.
      if (source === 'composer') return [step(rerun, 1), step('escalate')];
      return [step('escalate')];
    case 'disk_space_full':
      return source === 'composer' ? [step(rerun, 1), step('escalate')] : [step('escalate')];
    case 'timeout_exceeded':
      if (source === 'dataflow') {
        return facts.dataflowJobType === 'streaming'
          ? [step('scale_dataflow_workers'), step('drain_or_cancel_stuck_dataflow_job'), step('escalate')]
          : [step('drain_or_cancel_stuck_dataflow_job'), step('escalate')];
      }
      // Re-running a BigQuery job that hit its six-hour limit would burn another six hours of slots.
      return source === 'bigquery' ? [step('escalate')] : [step(rerun, 1), step('escalate')];
    case 'schema_mismatch':
    case 'data_corruption':
      return source === 'composer' ? [step('pause_airflow_dag'), step('escalate')] : [step('escalate')];
    case 'missing_dependency':
      if (source === 'dataflow') return [step('rollback_dataflow_template'), step('escalate')];
      return source === 'workflows' ? [step('escalate')] : [step(rerun, 2, UPSTREAM_BACKOFF), step('escalate')];
    case 'configuration_error':
      return source === 'dataflow' ? [step('rollback_dataflow_template'), step('escalate')] : [step('escalate')];
    case 'unknown':
      return [step('escalate')];
  }
}
