import type { RemediationAction } from './actions';
import type { Autonomy } from './config/registration';
import type { Decision, Explanation, RemediationRequest } from './decision';
import type { RemediationRecord, RemediationStatus } from './remediation-record';
import type { StrategyId } from './strategy-catalog';

/** The first version of a record, written by the claim winner before any executor call. */
export function recordOf(decision: Decision, request: RemediationRequest, decidedAt: Date): RemediationRecord {
  if (decision.actionKey === null || decision.strategy === null) throw new RangeError('only a decision with an action key can be recorded');
  const { event, classification } = request;
  return {
    action_key: decision.actionKey,
    event_id: event.eventId,
    pipeline_id: event.pipelineId,
    run_id: event.runId,
    root_run_id: decision.rootRunId,
    created_run_id: decision.createdRunId,
    source: event.source,
    category: classification.category,
    confidence: classification.confidence,
    signature: decision.explanation.classification.signature,
    strategy: decision.strategy,
    attempt: decision.attempt,
    autonomy: decision.autonomy,
    dry_run: decision.dryRun,
    executed: decision.executed,
    status: decision.status,
    reason: decision.reason,
    explanation: JSON.stringify(decision.explanation),
    action: decision.action === null ? null : JSON.stringify(decision.action),
    request: JSON.stringify(request),
    decided_at: decidedAt.toISOString(),
    not_before: decision.notBefore,
    deadline_at: decision.deadlineAt,
    settled_at: null,
    time_to_recover_ms: null,
  };
}

// The JSON columns were written by recordOf from these same types.
export const requestOf = (record: RemediationRecord): RemediationRequest => JSON.parse(record.request) as RemediationRequest;
export const explanationOf = (record: RemediationRecord): Explanation => JSON.parse(record.explanation) as Explanation;
export const actionOf = (record: RemediationRecord): RemediationAction | null => (record.action === null ? null : (JSON.parse(record.action) as RemediationAction));

/** Appends one line to the record's history, for a patch. */
export function withHistory(record: RemediationRecord, at: Date, what: string): string {
  const explanation = explanationOf(record);
  explanation.history.push({ at: at.toISOString(), what });
  return JSON.stringify(explanation);
}

/** How a stored record answers a later call (a duplicate delivery, an approval, a scheduled run). */
export function decisionOf(record: RemediationRecord, overrides: Partial<Decision> = {}): Decision {
  return {
    strategy: record.strategy as StrategyId,
    autonomy: record.autonomy as Autonomy,
    dryRun: record.dry_run,
    executed: record.executed,
    reason: record.reason,
    actionKey: record.action_key,
    status: record.status as RemediationStatus,
    attempt: record.attempt,
    rootRunId: record.root_run_id,
    duplicate: false,
    action: actionOf(record),
    createdRunId: record.created_run_id,
    notBefore: record.not_before,
    deadlineAt: record.deadline_at,
    approval: null,
    explanation: explanationOf(record),
    ...overrides,
  };
}
