import type { PipelineStatus, Source } from '../domain/pipeline-event';

/**
 * Where a strategy sits in the self-healing order continue → retry → skip non-critical → pause →
 * rollback → terminate → escalate. Plans must not go back up this order: once a job was stopped,
 * retrying it in place is no longer the cautious option.
 */
export const SAFETY_CLASSES = ['continue', 'retry', 'skip', 'pause', 'rollback', 'terminate', 'escalate'] as const;
export type SafetyClass = (typeof SAFETY_CLASSES)[number];

export const STRATEGY_IDS = [
  'scale_dataflow_workers',
  'retry_bigquery_job',
  'relaunch_dataflow_flex_template',
  'clear_failed_airflow_tasks',
  'trigger_airflow_dag',
  'reexecute_workflow',
  'refresh_credentials',
  'skip_non_critical',
  'pause_airflow_dag',
  'rollback_dataflow_template',
  'drain_or_cancel_stuck_dataflow_job',
  'notify',
  'escalate',
] as const;
export type StrategyId = (typeof STRATEGY_IDS)[number];

export function isStrategyId(value: unknown): value is StrategyId {
  return typeof value === 'string' && (STRATEGY_IDS as readonly string[]).includes(value);
}

/**
 * How an outcome is known:
 * - success_event: a later event of the same run (or of the run the action created) with one of
 *   `successStatuses` proves it worked; the deadline passing proves it did not.
 * - quiet_period: nothing reports success (a streaming job keeps running), so reaching the deadline
 *   without a new failure of the run counts as success.
 * - chain: the action is a holding move (pause); once submitted the plan goes on to its next step.
 * - none: the step ends the incident (escalation, notification, a deliberate skip).
 */
export type VerificationMode = 'success_event' | 'quiet_period' | 'chain' | 'none';

export interface StrategyMeta {
  safety: SafetyClass;
  /** Sources whose events the strategy can act on; `any` for strategies that only inform people. */
  sources: readonly Source[] | 'any';
  verification: VerificationMode;
  successStatuses: readonly PipelineStatus[];
  /** Nothing after it in a plan could run, so it must be the last step. */
  terminal: boolean;
  /** Counts against the per-pipeline budget and the circuit breaker (informing people never does). */
  remedial: boolean;
}

const SUCCEEDED: readonly PipelineStatus[] = ['succeeded'];

export const STRATEGY_META: Readonly<Record<StrategyId, StrategyMeta>> = {
  scale_dataflow_workers: { safety: 'continue', sources: ['dataflow'], verification: 'quiet_period', successStatuses: SUCCEEDED, terminal: false, remedial: true },
  retry_bigquery_job: { safety: 'retry', sources: ['bigquery'], verification: 'success_event', successStatuses: SUCCEEDED, terminal: false, remedial: true },
  relaunch_dataflow_flex_template: { safety: 'retry', sources: ['dataflow'], verification: 'success_event', successStatuses: SUCCEEDED, terminal: false, remedial: true },
  clear_failed_airflow_tasks: { safety: 'retry', sources: ['composer'], verification: 'success_event', successStatuses: SUCCEEDED, terminal: false, remedial: true },
  trigger_airflow_dag: { safety: 'retry', sources: ['composer'], verification: 'success_event', successStatuses: SUCCEEDED, terminal: false, remedial: true },
  reexecute_workflow: { safety: 'retry', sources: ['workflows'], verification: 'success_event', successStatuses: SUCCEEDED, terminal: false, remedial: true },
  refresh_credentials: { safety: 'retry', sources: ['bigquery', 'dataflow', 'composer', 'workflows'], verification: 'success_event', successStatuses: SUCCEEDED, terminal: false, remedial: true },
  skip_non_critical: { safety: 'skip', sources: 'any', verification: 'none', successStatuses: [], terminal: true, remedial: false },
  pause_airflow_dag: { safety: 'pause', sources: ['composer'], verification: 'chain', successStatuses: [], terminal: false, remedial: true },
  rollback_dataflow_template: { safety: 'rollback', sources: ['dataflow'], verification: 'success_event', successStatuses: SUCCEEDED, terminal: false, remedial: true },
  // A drained streaming job and a cancelled batch job both end as `cancelled`: that is the goal here.
  drain_or_cancel_stuck_dataflow_job: { safety: 'terminate', sources: ['dataflow'], verification: 'success_event', successStatuses: ['cancelled', 'succeeded'], terminal: false, remedial: true },
  notify: { safety: 'continue', sources: 'any', verification: 'none', successStatuses: [], terminal: true, remedial: false },
  escalate: { safety: 'escalate', sources: 'any', verification: 'none', successStatuses: [], terminal: true, remedial: false },
};

export function safetyRank(strategy: StrategyId): number {
  return SAFETY_CLASSES.indexOf(STRATEGY_META[strategy].safety);
}

export function strategyFitsSource(strategy: StrategyId, source: Source): boolean {
  const sources = STRATEGY_META[strategy].sources;
  return sources === 'any' || sources.includes(source);
}
