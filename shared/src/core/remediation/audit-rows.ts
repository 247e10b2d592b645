import { createHash } from 'node:crypto';
import { canonicalTimestamp } from '../schema/rows';
import type { RemediationActionRow, StrategyOutcomeRow } from '../schema/tables';
import type { StrategyOutcome } from './ports';
import { REMEDIATION_ACTIONS_TABLE, type RemediationRecord } from './remediation-record';

/** BigQuery rejects longer insertIds; a longer identity is replaced by its sha256. */
const MAX_VERSION_ID_CHARS = 128;

/**
 * Identity of one version of a record. Every transition either changes the status of an open record
 * or settles it (settled_at is set once and never changes), so (action_key, status, settled_at or,
 * while open, decided_at) names each version exactly once, and a repeated write of the same version
 * gets the same id.
 */
export function remediationVersionId(record: Pick<RemediationRecord, 'action_key' | 'status' | 'settled_at' | 'decided_at'>): string {
  const id = `${record.action_key}:${record.status}:${record.settled_at ?? record.decided_at}`;
  return id.length <= MAX_VERSION_ID_CHARS ? id : createHash('sha256').update(id).digest('hex');
}

/** One audit-trail row (remediation_actions): the record as it is now, its version id, and when it was written. */
export function toRemediationActionRow(record: RemediationRecord, recordedAt: Date): RemediationActionRow {
  // Column by column: a store may hand back a record carrying more than its columns, and insertAll refuses unknown fields.
  const columns: Record<string, unknown> = {};
  for (const field of REMEDIATION_ACTIONS_TABLE.fields) columns[field.name] = record[field.name] ?? null;
  return { ...(columns as RemediationRecord), version_id: remediationVersionId(record), recorded_at: recordedAt.toISOString() };
}

export function toStrategyOutcomeRow(outcome: StrategyOutcome): StrategyOutcomeRow {
  return {
    action_key: outcome.actionKey,
    strategy: outcome.strategy,
    category: outcome.category,
    source: outcome.source,
    pipeline_id: outcome.pipelineId,
    outcome: outcome.outcome,
    time_to_recover_ms: outcome.timeToRecoverMs === null ? null : Math.round(outcome.timeToRecoverMs),
    settled_at: canonicalTimestamp(outcome.settledAt),
  };
}
