import type { RowOf, TableDefinition } from '../schema/tables';

export const REMEDIATION_STATUSES = [
  /**
   * Claimed, guardrails and action still to come: written together with the claim, so a crash right
   * after it leaves a record a redelivery or the deadline sweep resumes under the same key.
   */
  'claimed',
  /** Chosen and scheduled (backoff), or a deliberate skip; no API call yet. */
  'decided',
  /** Dry run: everything was decided and guarded, nothing was called. */
  'would_have_done',
  'awaiting_approval',
  /** The API accepted the request; the outcome is verified from later events or the deadline. */
  'submitted',
  'succeeded',
  'failed',
  /** A guardrail, an approver or a missing executor stopped it. */
  'refused',
  /** Handed to people: escalation, notify-only autonomy, or a tripped guardrail. */
  'escalated',
] as const;
export type RemediationStatus = (typeof REMEDIATION_STATUSES)[number];

/** Statuses whose outcome is still open while settled_at is null. */
export const OPEN_STATUSES: readonly RemediationStatus[] = ['claimed', 'decided', 'would_have_done', 'awaiting_approval', 'submitted'];

/**
 * One row per action key. Mutable while open (the coordination store keeps the live copy); analytics
 * copies it to BigQuery. Not yet in schema/tables.ts TABLES: its owner appends it there to generate DDL/JSON.
 */
export const REMEDIATION_ACTIONS_TABLE = {
  name: 'remediation_actions',
  description: 'Every remediation FlexiRoaster decided: what, why, under which autonomy, and how it ended.',
  primaryKey: ['action_key'],
  partitioning: { field: 'decided_at', type: 'DAY' },
  clustering: ['pipeline_id', 'status', 'strategy', 'category'],
  fields: [
    { name: 'action_key', type: 'STRING', mode: 'REQUIRED', description: 'sha256 of (pipeline, root run, signature, strategy, attempt): at most one action per key.' },
    { name: 'event_id', type: 'STRING', mode: 'REQUIRED', description: 'The failure event that led to this decision.' },
    { name: 'pipeline_id', type: 'STRING', mode: 'REQUIRED', description: 'Pipeline the action is for.' },
    { name: 'run_id', type: 'STRING', mode: 'REQUIRED', description: 'Run whose failure led to this decision.' },
    { name: 'root_run_id', type: 'STRING', mode: 'REQUIRED', description: 'Run the incident started with; later attempts may act on runs earlier actions created.' },
    { name: 'created_run_id', type: 'STRING', mode: 'NULLABLE', description: 'Run the action created (new BigQuery job, Dataflow job, DAG run), when known.' },
    { name: 'source', type: 'STRING', mode: 'REQUIRED', description: 'bigquery, dataflow, composer or workflows.' },
    { name: 'category', type: 'STRING', mode: 'REQUIRED', description: 'Failure category the decision was based on.' },
    { name: 'confidence', type: 'FLOAT', mode: 'REQUIRED', description: 'Classifier confidence in the category.' },
    { name: 'signature', type: 'STRING', mode: 'REQUIRED', description: 'Failure signature (template) the action key was built from.' },
    { name: 'strategy', type: 'STRING', mode: 'REQUIRED', description: 'Strategy id, e.g. retry_bigquery_job or escalate.' },
    { name: 'attempt', type: 'INTEGER', mode: 'REQUIRED', description: '1-based attempt of the incident plan.' },
    { name: 'autonomy', type: 'STRING', mode: 'REQUIRED', description: 'auto, approve or notify, as resolved for this decision.' },
    { name: 'dry_run', type: 'BOOLEAN', mode: 'REQUIRED', description: 'True when nothing was (or will be) called.' },
    { name: 'executed', type: 'BOOLEAN', mode: 'REQUIRED', description: 'True once an executor accepted the action.' },
    { name: 'status', type: 'STRING', mode: 'REQUIRED', description: 'claimed, decided, would_have_done, awaiting_approval, submitted, succeeded, failed, refused or escalated.' },
    { name: 'reason', type: 'STRING', mode: 'REQUIRED', description: 'One sentence on why the record has its status.' },
    { name: 'explanation', type: 'JSON', mode: 'REQUIRED', description: 'Classification, scores, the rule that fired, strategies not taken and guardrail verdicts.' },
    { name: 'action', type: 'JSON', mode: 'NULLABLE', description: 'The RemediationAction values, when there is one.' },
    { name: 'request', type: 'JSON', mode: 'REQUIRED', description: 'The remediation request, kept so the next plan step can be decided later.' },
    { name: 'decided_at', type: 'TIMESTAMP', mode: 'REQUIRED', description: 'When the decision was made (UTC); the partitioning column.' },
    { name: 'not_before', type: 'TIMESTAMP', mode: 'NULLABLE', description: 'Backoff: the action runs no earlier than this.' },
    { name: 'deadline_at', type: 'TIMESTAMP', mode: 'NULLABLE', description: 'Verification deadline (or approval expiry) of an open record.' },
    { name: 'settled_at', type: 'TIMESTAMP', mode: 'NULLABLE', description: 'When the outcome became known; null while open.' },
    { name: 'time_to_recover_ms', type: 'INTEGER', mode: 'NULLABLE', description: 'From the decision to the success event that settled it.' },
  ],
} as const satisfies TableDefinition;

export type RemediationRecord = RowOf<typeof REMEDIATION_ACTIONS_TABLE>;

/** Fields a settle or approval may change; everything else is fixed when the record is first written. */
export type RecordPatch = Partial<
  Pick<RemediationRecord, 'status' | 'reason' | 'executed' | 'explanation' | 'created_run_id' | 'not_before' | 'deadline_at' | 'settled_at' | 'time_to_recover_ms'>
>;

export function isOpen(record: Pick<RemediationRecord, 'status' | 'settled_at'>): boolean {
  return record.settled_at === null && (OPEN_STATUSES as readonly string[]).includes(record.status);
}
