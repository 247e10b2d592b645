import type { PipelineEvent } from '../domain/pipeline-event';
import { isOpen, type RemediationRecord } from './remediation-record';
import { STRATEGY_META, type StrategyId } from './strategy-catalog';

/** Run ids compare by their last path segment: Workflows reports an execution's full name, its logs the bare id. */
function sameRun(a: string | null, b: string): boolean {
  if (a === null) return false;
  return a === b || a.slice(a.lastIndexOf('/') + 1) === b.slice(b.lastIndexOf('/') + 1);
}

export function touchesRun(record: RemediationRecord, runId: string): boolean {
  return sameRun(record.run_id, runId) || sameRun(record.created_run_id, runId);
}

/**
 * A success (or, for a drain, a cancellation) after the decision, of a run the action is about: the
 * run the action created (BigQuery job id, Airflow dag run id, Workflows execution, Dataflow job id)
 * or the failed run itself. Never another run of the same pipeline: the next scheduled run
 * succeeding says nothing about whether the action worked, so without its own run's word an action
 * is settled by its deadline.
 */
export function settlesOnSuccess(record: RemediationRecord, event: PipelineEvent): boolean {
  if (!isOpen(record) || record.deadline_at === null) return false;
  const meta = STRATEGY_META[record.strategy as StrategyId];
  if (!meta.successStatuses.includes(event.status)) return false;
  if (Date.parse(event.occurredAt) < Date.parse(record.decided_at)) return false;
  return record.pipeline_id === event.pipelineId && touchesRun(record, event.runId);
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
  if (isOpen(latest) && (latest.status === 'claimed' || latest.status === 'decided' || latest.status === 'awaiting_approval')) {
    return { kind: 'absorbed', record: latest, why: `action ${latest.action_key} (${latest.strategy}) on run ${event.runId} has not run yet` };
  }
  return { kind: 'continuation', record: latest };
}
