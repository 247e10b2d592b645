import type { PipelineEvent } from '../domain/pipeline-event';
import { isOpen, type RemediationRecord } from './remediation-record';
import { STRATEGY_META, type StrategyId } from './strategy-catalog';

/** Strategies whose success shows up as a new run of the pipeline rather than the failed run itself. */
const NEW_RUN: ReadonlySet<StrategyId> = new Set(['retry_bigquery_job', 'relaunch_dataflow_flex_template', 'rollback_dataflow_template', 'trigger_airflow_dag', 'reexecute_workflow']);

function createsNewRun(record: RemediationRecord): boolean {
  const strategy = record.strategy as StrategyId;
  // Credentials are refreshed by restarting the source's own rerun: a new run except for Airflow's in-place clear.
  return NEW_RUN.has(strategy) || (strategy === 'refresh_credentials' && record.source !== 'composer');
}

export function touchesRun(record: RemediationRecord, runId: string): boolean {
  return record.run_id === runId || record.created_run_id === runId;
}

/** A success (or, for a drain, a cancellation) after the decision, of the run the action worked on. */
export function settlesOnSuccess(record: RemediationRecord, event: PipelineEvent): boolean {
  if (!isOpen(record) || record.deadline_at === null) return false;
  const meta = STRATEGY_META[record.strategy as StrategyId];
  if (!meta.successStatuses.includes(event.status)) return false;
  if (Date.parse(event.occurredAt) < Date.parse(record.decided_at)) return false;
  return touchesRun(record, event.runId) || (record.pipeline_id === event.pipelineId && createsNewRun(record));
}

export function timeToRecoverMs(record: RemediationRecord, recoveredAt: string): number {
  return Math.max(0, Date.parse(recoveredAt) - Date.parse(record.decided_at));
}

export type FailureRelation =
  | { kind: 'new_incident' }
  /** The failure happened before a decision on its run, or while an action waits to run: already covered. */
  | { kind: 'absorbed'; record: RemediationRecord; why: string }
  /** The run failed again after an action on it: that action failed (if still open) and the plan moves on. */
  | { kind: 'continuation'; record: RemediationRecord };

export function relateFailure(event: PipelineEvent, records: readonly RemediationRecord[]): FailureRelation {
  const related = records.filter((r) => touchesRun(r, event.runId));
  if (related.length === 0) return { kind: 'new_incident' };
  const latest = related.reduce((a, b) => (b.attempt > a.attempt || (b.attempt === a.attempt && b.decided_at > a.decided_at) ? b : a));
  const occurredAt = Date.parse(event.occurredAt);
  if (Date.parse(latest.decided_at) >= occurredAt) {
    return { kind: 'absorbed', record: latest, why: `the failure at ${event.occurredAt} precedes decision ${latest.action_key} (${latest.strategy}) on run ${event.runId}` };
  }
  if (isOpen(latest) && (latest.status === 'decided' || latest.status === 'awaiting_approval')) {
    return { kind: 'absorbed', record: latest, why: `action ${latest.action_key} (${latest.strategy}) on run ${event.runId} has not run yet` };
  }
  return { kind: 'continuation', record: latest };
}
