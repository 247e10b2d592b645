import { REMEDIATION_ACTIONS_TABLE as REMEDIATION_RECORD_TABLE } from '../remediation/remediation-record';

/**
 * The one definition of every stored table. BigQuery schema JSON (read by Terraform) and DuckDB DDL
 * are generated from these values, and row types are derived from them, so the three cannot drift.
 * To add a table: define it below with `as const satisfies TableDefinition` and append it to TABLES,
 * then run `node scripts/run-ts.mjs scripts/generate-schemas.ts` to refresh the Terraform JSON.
 */

export const FIELD_TYPES = ['STRING', 'INTEGER', 'FLOAT', 'BOOLEAN', 'TIMESTAMP', 'JSON'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const FIELD_MODES = ['REQUIRED', 'NULLABLE', 'REPEATED'] as const;
export type FieldMode = (typeof FIELD_MODES)[number];

export interface FieldDefinition {
  readonly name: string;
  readonly type: FieldType;
  readonly mode: FieldMode;
  readonly description: string;
}

export interface TablePartitioning {
  /** A TIMESTAMP column; BigQuery prunes partitions on it, so it should be what queries filter by. */
  readonly field: string;
  readonly type: 'HOUR' | 'DAY' | 'MONTH' | 'YEAR';
}

export interface TableDefinition {
  readonly name: string;
  readonly description: string;
  readonly fields: readonly FieldDefinition[];
  /**
   * Columns that identify a row. DuckDB enforces it (PRIMARY KEY); BigQuery has no enforced keys, so
   * there the first column is used as the streaming insertId for best-effort dedupe.
   */
  readonly primaryKey?: readonly string[];
  readonly partitioning?: TablePartitioning;
  /** Up to four columns, most selective filter first (BigQuery's limit and ordering rule). */
  readonly clustering?: readonly string[];
}

/** JSON columns carry their value as serialized JSON text: what both insertAll and DuckDB accept. */
type ScalarOf<T extends FieldType> = T extends 'STRING' | 'TIMESTAMP' | 'JSON'
  ? string
  : T extends 'INTEGER' | 'FLOAT'
    ? number
    : T extends 'BOOLEAN'
      ? boolean
      : never;

type ValueOf<F extends FieldDefinition> = F['mode'] extends 'REPEATED'
  ? ScalarOf<F['type']>[]
  : F['mode'] extends 'REQUIRED'
    ? ScalarOf<F['type']>
    : ScalarOf<F['type']> | null;

/** The row shape a table accepts, derived from its definition: a renamed column breaks every mapper at compile time. */
export type RowOf<T extends { readonly fields: readonly FieldDefinition[] }> = {
  [F in T['fields'][number] as F['name']]: ValueOf<F>;
};

export type RowValue = string | number | boolean | null | string[] | number[] | boolean[];
export type TableRow = Readonly<Record<string, RowValue>>;

export const PIPELINE_EVENTS_TABLE = {
  name: 'pipeline_events',
  description: 'One row per pipeline log entry FlexiRoaster accepted: normalized, PII-masked and classified.',
  primaryKey: ['event_id'],
  partitioning: { field: 'occurred_at', type: 'DAY' },
  clustering: ['source', 'pipeline_id', 'status', 'category'],
  fields: [
    { name: 'event_id', type: 'STRING', mode: 'REQUIRED', description: 'Stable id derived from (log_name, insert_id); the streaming insertId.' },
    { name: 'log_name', type: 'STRING', mode: 'REQUIRED', description: 'Cloud Logging logName of the source entry.' },
    { name: 'insert_id', type: 'STRING', mode: 'REQUIRED', description: 'Cloud Logging insertId of the source entry.' },
    { name: 'source', type: 'STRING', mode: 'REQUIRED', description: 'Producing service: bigquery, dataflow, composer or workflows.' },
    { name: 'pipeline_id', type: 'STRING', mode: 'REQUIRED', description: 'Pipeline identity: DAG id, Dataflow job name, workflow id or BigQuery job prefix.' },
    { name: 'run_id', type: 'STRING', mode: 'REQUIRED', description: 'One execution of the pipeline: DAG run id, Dataflow job id, execution id or BigQuery job id.' },
    { name: 'stage_id', type: 'STRING', mode: 'NULLABLE', description: 'Task, step or stage within the run, when the entry names one.' },
    { name: 'status', type: 'STRING', mode: 'REQUIRED', description: 'failed, succeeded, running, cancelled or info.' },
    { name: 'error_message', type: 'STRING', mode: 'NULLABLE', description: 'Error text as reported, PII-masked.' },
    { name: 'rpc_code', type: 'INTEGER', mode: 'NULLABLE', description: 'google.rpc.Code number from the entry status.' },
    { name: 'bigquery_reason', type: 'STRING', mode: 'NULLABLE', description: 'BigQuery ErrorProto.reason, e.g. rateLimitExceeded.' },
    { name: 'dataflow_job_state', type: 'STRING', mode: 'NULLABLE', description: 'Dataflow job state, e.g. JOB_STATE_FAILED.' },
    { name: 'airflow_exit_code', type: 'INTEGER', mode: 'NULLABLE', description: 'Exit code of the Airflow task process.' },
    { name: 'signal', type: 'STRING', mode: 'NULLABLE', description: 'Signal Airflow reported for the task process, e.g. SIGKILL.' },
    { name: 'exception_type', type: 'STRING', mode: 'NULLABLE', description: 'Exception type named by the producer.' },
    { name: 'category', type: 'STRING', mode: 'NULLABLE', description: 'Failure category from the taxonomy; null for events that are not failures.' },
    { name: 'signature_id', type: 'STRING', mode: 'NULLABLE', description: 'Error signature the ingesting instance handed out (may be an alias); group by signature_canonical.canonical_id.' },
    { name: 'occurred_at', type: 'TIMESTAMP', mode: 'REQUIRED', description: 'Timestamp of the source entry (UTC); the partitioning column.' },
    { name: 'project_id', type: 'STRING', mode: 'NULLABLE', description: 'Project of the monitored resource.' },
    { name: 'location', type: 'STRING', mode: 'NULLABLE', description: 'Region or multi-region of the monitored resource.' },
    { name: 'resource_type', type: 'STRING', mode: 'REQUIRED', description: 'MonitoredResource type, e.g. dataflow_step.' },
    { name: 'resource_labels', type: 'JSON', mode: 'NULLABLE', description: 'MonitoredResource labels as a JSON object.' },
    { name: 'severity', type: 'STRING', mode: 'REQUIRED', description: 'LogEntry severity.' },
    { name: 'trace', type: 'STRING', mode: 'NULLABLE', description: 'Cloud Trace resource name, when the entry carried one.' },
    { name: 'telemetry', type: 'JSON', mode: 'NULLABLE', description: 'Run telemetry the entry states (startedAt, endedAt, bytesProcessed, bytesBilled, slotMs, outputRows, outputBytes, tryNumber, maxTries); null when it states none. pipeline_runs folds these per run.' },
    { name: 'ingested_at', type: 'TIMESTAMP', mode: 'REQUIRED', description: 'When FlexiRoaster stored the event (UTC).' },
  ],
} as const satisfies TableDefinition;

export const REJECTED_EVENTS_TABLE = {
  name: 'rejected_events',
  description: 'Deliveries FlexiRoaster could not turn into an event, kept (masked, truncated) for diagnosis instead of dropped.',
  primaryKey: ['rejection_id'],
  partitioning: { field: 'received_at', type: 'DAY' },
  clustering: ['reason'],
  fields: [
    { name: 'rejection_id', type: 'STRING', mode: 'REQUIRED', description: 'Pub/Sub messageId when known, else a content hash; the streaming insertId.' },
    { name: 'reason', type: 'STRING', mode: 'REQUIRED', description: 'Rejection code, e.g. not_json or unsupported_source.' },
    { name: 'message', type: 'STRING', mode: 'REQUIRED', description: 'Why the input was refused, PII-masked.' },
    { name: 'raw_payload', type: 'STRING', mode: 'REQUIRED', description: 'The input as received, PII-masked and truncated.' },
    { name: 'received_at', type: 'TIMESTAMP', mode: 'REQUIRED', description: 'When the input was refused (UTC); the partitioning column.' },
    { name: 'message_id', type: 'STRING', mode: 'NULLABLE', description: 'Pub/Sub messageId of the delivery, when known.' },
  ],
} as const satisfies TableDefinition;

/**
 * The knowledge base (issue 3): one row per KnowledgeEntry, keyed by id. Small (hundreds to a few
 * thousand rows) and rewritten by MERGE, so neither partitioned nor clustered. Empty text columns
 * hold '' rather than NULL, exactly as the CSV does.
 */
export const KNOWLEDGE_BASE_TABLE = {
  name: 'knowledge_base',
  description: 'Knowledge base for retrieval and remediation: historical errors, runbooks and procedures, uploaded as CSV or learned from verified resolutions.',
  primaryKey: ['id'],
  fields: [
    { name: 'id', type: 'STRING', mode: 'REQUIRED', description: 'Entry id, unique; an upload with the same id replaces the entry.' },
    { name: 'knowledge_type', type: 'STRING', mode: 'REQUIRED', description: 'historical_error, runbook, best_practice, infrastructure_doc, team_expertise, configuration_template or escalation_procedure.' },
    { name: 'category', type: 'STRING', mode: 'REQUIRED', description: 'Failure category from the taxonomy the entry is about.' },
    { name: 'source_system', type: 'STRING', mode: 'REQUIRED', description: 'bigquery, dataflow, composer, workflows or any.' },
    { name: 'title', type: 'STRING', mode: 'REQUIRED', description: 'Short title.' },
    { name: 'error_pattern', type: 'STRING', mode: 'REQUIRED', description: 'Error text as the service prints it; empty for entries that are not historical errors.' },
    { name: 'resolution', type: 'STRING', mode: 'REQUIRED', description: 'What to do, step by step.' },
    { name: 'recommended_strategy', type: 'STRING', mode: 'REQUIRED', description: 'Remediation family the entry recommends, e.g. retry_with_backoff or config_fix.' },
    { name: 'source_url', type: 'STRING', mode: 'REQUIRED', description: 'http(s) URL where the error or procedure is documented; empty when internal.' },
    { name: 'confidence', type: 'FLOAT', mode: 'REQUIRED', description: 'Confidence (0..1) that the resolution fixes the pattern; updated by verified outcomes.' },
    { name: 'success_count', type: 'INTEGER', mode: 'REQUIRED', description: 'Verified remediations that succeeded with this entry.' },
    { name: 'failure_count', type: 'INTEGER', mode: 'REQUIRED', description: 'Verified remediations that failed with this entry.' },
    { name: 'created_at', type: 'TIMESTAMP', mode: 'REQUIRED', description: 'When the entry was first stored (UTC).' },
    { name: 'updated_at', type: 'TIMESTAMP', mode: 'REQUIRED', description: 'When the entry was last uploaded or learned from (UTC).' },
  ],
} as const satisfies TableDefinition;

/**
 * The remediation audit trail (issue 4): the RemediationRecord columns exactly as the coordination
 * store keeps them (REMEDIATION_ACTIONS_TABLE in core/remediation/remediation-record.ts, not restated
 * here), plus two columns that make it append-only. The live record changes while it is open; this
 * table gets one row per version (the first write and every transition), so its history survives.
 * Latest state of an action: the row with the greatest recorded_at per action_key.
 */
export const REMEDIATION_ACTIONS_AUDIT_TABLE = {
  name: REMEDIATION_RECORD_TABLE.name,
  description: 'Audit trail of every remediation FlexiRoaster decided: one row per version of the record (first write and every transition), append-only.',
  primaryKey: ['version_id'],
  partitioning: { field: 'decided_at', type: 'DAY' },
  clustering: ['pipeline_id', 'strategy', 'status', 'category'],
  fields: [
    ...REMEDIATION_RECORD_TABLE.fields,
    {
      name: 'version_id',
      type: 'STRING',
      mode: 'REQUIRED',
      description: 'Identity of this version, from action_key, status and settled_at (decided_at while open): one per transition, the same for a repeated write; the streaming insertId and what queries deduplicate on.',
    },
    { name: 'recorded_at', type: 'TIMESTAMP', mode: 'REQUIRED', description: 'When this version was written to the audit trail (UTC); orders the versions of one action.' },
  ],
} as const satisfies TableDefinition;

/** One verified outcome per action key (StrategyOutcome in core/remediation/ports.ts): what per-strategy success rates are learned from. */
export const STRATEGY_OUTCOMES_TABLE = {
  name: 'strategy_outcomes',
  description: 'Verified outcome of each remediation action, per strategy: the source of per-strategy success rates and time to recover.',
  primaryKey: ['action_key'],
  partitioning: { field: 'settled_at', type: 'DAY' },
  clustering: ['strategy', 'category', 'source', 'pipeline_id'],
  fields: [
    { name: 'action_key', type: 'STRING', mode: 'REQUIRED', description: 'The action whose outcome this is; one outcome per key, the streaming insertId.' },
    { name: 'strategy', type: 'STRING', mode: 'REQUIRED', description: 'Strategy id, e.g. retry_bigquery_job.' },
    { name: 'category', type: 'STRING', mode: 'REQUIRED', description: 'Failure category the strategy was applied to.' },
    { name: 'source', type: 'STRING', mode: 'REQUIRED', description: 'bigquery, dataflow, composer or workflows.' },
    { name: 'pipeline_id', type: 'STRING', mode: 'REQUIRED', description: 'Pipeline the action was for.' },
    { name: 'outcome', type: 'STRING', mode: 'REQUIRED', description: 'succeeded or failed, as verified.' },
    { name: 'time_to_recover_ms', type: 'INTEGER', mode: 'NULLABLE', description: 'From the decision to the success event that settled it; null when not measured (failures, quiet-period successes).' },
    { name: 'settled_at', type: 'TIMESTAMP', mode: 'REQUIRED', description: 'When the outcome became known (UTC); the partitioning column.' },
  ],
} as const satisfies TableDefinition;

/**
 * Cloud Monitoring metrics per pipeline (issue 7), written by the monitor function on every tick.
 * One row per (pipeline, metric, timestamp): point_id is derived from exactly those three, so a tick
 * that re-reads an overlapping window stores nothing twice.
 */
export const PIPELINE_METRICS_TABLE = {
  name: 'pipeline_metrics',
  description: 'Cloud Monitoring metric points per pipeline (Dataflow job metrics, Composer worker CPU/memory, BigQuery slots), aligned per minute.',
  primaryKey: ['point_id'],
  partitioning: { field: 'timestamp', type: 'DAY' },
  clustering: ['pipeline_id', 'metric'],
  fields: [
    { name: 'point_id', type: 'STRING', mode: 'REQUIRED', description: 'Hash of (pipeline_id, metric, timestamp); the key and the streaming insertId.' },
    { name: 'pipeline_id', type: 'STRING', mode: 'REQUIRED', description: 'Pipeline (Dataflow job name), Composer environment or project the point describes; see scope.' },
    { name: 'metric', type: 'STRING', mode: 'REQUIRED', description: 'Short metric name from the catalog, e.g. dataflow_system_lag_s or composer_worker_cpu_cores.' },
    { name: 'metric_type', type: 'STRING', mode: 'REQUIRED', description: 'Cloud Monitoring metric type the point was read from.' },
    { name: 'source', type: 'STRING', mode: 'REQUIRED', description: 'dataflow, composer or bigquery.' },
    { name: 'scope', type: 'STRING', mode: 'REQUIRED', description: 'pipeline, environment (a Composer environment) or project (BigQuery slots).' },
    { name: 'timestamp', type: 'TIMESTAMP', mode: 'REQUIRED', description: 'End of the aligned interval (UTC); the partitioning column.' },
    { name: 'value', type: 'FLOAT', mode: 'REQUIRED', description: 'The aligned, reduced value in unit.' },
    { name: 'unit', type: 'STRING', mode: 'REQUIRED', description: 'UCUM unit, e.g. s, By, %, 1.' },
    { name: 'resource_labels', type: 'JSON', mode: 'NULLABLE', description: 'Monitored-resource labels of the series, as a JSON object.' },
    { name: 'read_at', type: 'TIMESTAMP', mode: 'REQUIRED', description: 'When the monitor read the point (UTC).' },
  ],
} as const satisfies TableDefinition;

/**
 * Metric points the monitor's streaming detector found anomalous (issue 7). Point-level, unlike the
 * run verdicts: one row per anomalous (pipeline, metric, timestamp), keyed like pipeline_metrics.
 */
export const METRIC_ANOMALIES_TABLE = {
  name: 'metric_anomalies',
  description: 'Cloud Monitoring metric points the streaming detector scored as anomalous, with the score and the reasons.',
  primaryKey: ['anomaly_id'],
  partitioning: { field: 'timestamp', type: 'DAY' },
  clustering: ['pipeline_id', 'metric'],
  fields: [
    { name: 'anomaly_id', type: 'STRING', mode: 'REQUIRED', description: 'The point_id of the anomalous point; the key and the streaming insertId.' },
    { name: 'pipeline_id', type: 'STRING', mode: 'REQUIRED', description: 'Pipeline, Composer environment or project of the series.' },
    { name: 'metric', type: 'STRING', mode: 'REQUIRED', description: 'Short metric name, as in pipeline_metrics.metric.' },
    { name: 'source', type: 'STRING', mode: 'REQUIRED', description: 'dataflow, composer or bigquery.' },
    { name: 'timestamp', type: 'TIMESTAMP', mode: 'REQUIRED', description: 'Time of the anomalous point (UTC); the partitioning column.' },
    { name: 'value', type: 'FLOAT', mode: 'REQUIRED', description: 'The point value.' },
    { name: 'score', type: 'FLOAT', mode: 'REQUIRED', description: 'Streaming detector score in [0, 1].' },
    { name: 'reasons', type: 'STRING', mode: 'REPEATED', description: 'What was unusual and against which baseline.' },
    { name: 'detected_at', type: 'TIMESTAMP', mode: 'REQUIRED', description: 'When the monitor tick scored it (UTC).' },
  ],
} as const satisfies TableDefinition;

/**
 * Fleet signatures (issue 9): every id a function instance's miner handed out, and every
 * generalisation (alias_of = the id it became). Instances die with their aliases; these rows outlive
 * them, so the consolidation can resolve any stored id. Append-only: one row per (instance, id, alias_of).
 */
export const SIGNATURE_ALIASES_TABLE = {
  name: 'signature_aliases',
  description: 'Signature ids handed out by each ingest instance and the ids they generalised into.',
  primaryKey: ['row_id'],
  partitioning: { field: 'recorded_at', type: 'DAY' },
  clustering: ['instance_id', 'signature_id'],
  fields: [
    { name: 'row_id', type: 'STRING', mode: 'REQUIRED', description: 'Hash of (instance_id, signature_id, alias_of); the key and the streaming insertId.' },
    { name: 'instance_id', type: 'STRING', mode: 'REQUIRED', description: 'The miner instance (function instance or CLI run) that learned it.' },
    { name: 'signature_id', type: 'STRING', mode: 'REQUIRED', description: 'An id the instance handed out.' },
    { name: 'template', type: 'STRING', mode: 'REQUIRED', description: 'The template that id stood for when recorded.' },
    { name: 'alias_of', type: 'STRING', mode: 'NULLABLE', description: 'The id it generalised or was merged into; null when it was handed out.' },
    { name: 'recorded_at', type: 'TIMESTAMP', mode: 'REQUIRED', description: 'When the instance recorded it (UTC).' },
  ],
} as const satisfies TableDefinition;

/**
 * The consolidation's answer: the canonical signature of every recorded id. Appended on each run;
 * readers take the newest row per signature_id (consolidated_at).
 */
export const SIGNATURE_CANONICAL_TABLE = {
  name: 'signature_canonical',
  description: 'Canonical signature of every recorded signature id, as of each consolidation run.',
  primaryKey: ['row_id'],
  partitioning: { field: 'consolidated_at', type: 'DAY' },
  clustering: ['signature_id'],
  fields: [
    { name: 'row_id', type: 'STRING', mode: 'REQUIRED', description: 'Hash of (signature_id, consolidated_at); the key and the streaming insertId.' },
    { name: 'signature_id', type: 'STRING', mode: 'REQUIRED', description: 'An id some instance handed out (as stored in pipeline_events.signature_id).' },
    { name: 'canonical_id', type: 'STRING', mode: 'REQUIRED', description: 'The fleet-wide signature it belongs to.' },
    { name: 'canonical_template', type: 'STRING', mode: 'REQUIRED', description: 'Template of the canonical signature.' },
    { name: 'consolidated_at', type: 'TIMESTAMP', mode: 'REQUIRED', description: 'When the consolidation ran (UTC).' },
  ],
} as const satisfies TableDefinition;

/** Failure-risk predictions (issue 8): one row per scored run start, with the model that answered. */
export const RISK_PREDICTIONS_TABLE = {
  name: 'risk_predictions',
  description: 'Failure probability of each run as of its start, its top factors, the model (or heuristic) that scored it and the policy verdict.',
  primaryKey: ['prediction_id'],
  partitioning: { field: 'predicted_at', type: 'DAY' },
  clustering: ['pipeline_id', 'model'],
  fields: [
    { name: 'prediction_id', type: 'STRING', mode: 'REQUIRED', description: 'Hash of (pipeline_id, run_id, model); the key and the streaming insertId.' },
    { name: 'pipeline_id', type: 'STRING', mode: 'REQUIRED', description: 'Pipeline of the run.' },
    { name: 'run_id', type: 'STRING', mode: 'REQUIRED', description: 'The run scored at its start.' },
    { name: 'predicted_at', type: 'TIMESTAMP', mode: 'REQUIRED', description: 'Start time of the run the prediction is for (UTC); the partitioning column.' },
    { name: 'failure_probability', type: 'FLOAT', mode: 'REQUIRED', description: 'Calibrated probability that the run fails, 0..1.' },
    { name: 'factors', type: 'JSON', mode: 'REQUIRED', description: 'Top factors as [{name, contribution}] (contribution in probability points).' },
    { name: 'model', type: 'STRING', mode: 'REQUIRED', description: 'Model version that answered (gbdt-<hash>) or heuristic.' },
    { name: 'rollout_stage', type: 'STRING', mode: 'NULLABLE', description: 'shadow, canary or full when a model rollout was in progress; null otherwise.' },
    { name: 'verdict', type: 'STRING', mode: 'REQUIRED', description: 'Policy verdict: proceed, warn or hold_for_approval.' },
    { name: 'dry_run', type: 'BOOLEAN', mode: 'REQUIRED', description: 'True when the verdict was reported and not enforced.' },
  ],
} as const satisfies TableDefinition;

/**
 * Run telemetry (issue 7): one row per run, folded from every event of the run (core/runs/merge-run.ts).
 * Upserted as the run progresses; every column is a min, max, union or "latest status", so a
 * redelivered event changes nothing. What anomaly rules, the snapshot and the risk model read.
 */
export const PIPELINE_RUNS_TABLE = {
  name: 'pipeline_runs',
  description: 'One row per pipeline run with its telemetry (status, start/end, duration, bytes, slots, rows, retries), folded from its events.',
  primaryKey: ['run_key'],
  partitioning: { field: 'started_at', type: 'DAY' },
  clustering: ['pipeline_id', 'status', 'source'],
  fields: [
    { name: 'run_key', type: 'STRING', mode: 'REQUIRED', description: 'Hash of (source, pipeline_id, run_id): the row identity.' },
    { name: 'source', type: 'STRING', mode: 'REQUIRED', description: 'bigquery, dataflow, composer or workflows.' },
    { name: 'pipeline_id', type: 'STRING', mode: 'REQUIRED', description: 'Pipeline the run belongs to.' },
    { name: 'run_id', type: 'STRING', mode: 'REQUIRED', description: 'DAG run logical date, Dataflow job id, execution id or BigQuery job id.' },
    { name: 'status', type: 'STRING', mode: 'REQUIRED', description: 'Status of the latest event that reported one: running, succeeded, failed, cancelled (info while none did).' },
    { name: 'status_at', type: 'TIMESTAMP', mode: 'NULLABLE', description: 'Time of the event the status came from.' },
    { name: 'first_event_at', type: 'TIMESTAMP', mode: 'REQUIRED', description: 'Earliest event of the run.' },
    { name: 'last_event_at', type: 'TIMESTAMP', mode: 'REQUIRED', description: 'Latest event of the run.' },
    { name: 'started_at', type: 'TIMESTAMP', mode: 'REQUIRED', description: 'Start as logged (job start, task start_date, execution start), else the earliest event; the partitioning column.' },
    { name: 'ended_at', type: 'TIMESTAMP', mode: 'NULLABLE', description: 'Latest final state reported (job end, task end_date, terminal state); null before any.' },
    { name: 'duration_ms', type: 'INTEGER', mode: 'NULLABLE', description: 'ended_at - started_at while the status is final; null while live.' },
    { name: 'bytes_processed', type: 'INTEGER', mode: 'NULLABLE', description: 'BigQuery totalProcessedBytes.' },
    { name: 'bytes_billed', type: 'INTEGER', mode: 'NULLABLE', description: 'BigQuery totalBilledBytes.' },
    { name: 'slot_ms', type: 'INTEGER', mode: 'NULLABLE', description: 'BigQuery totalSlotMs.' },
    { name: 'output_rows', type: 'INTEGER', mode: 'NULLABLE', description: 'Rows written (BigQuery outputRowCount / queryOutputRowCount).' },
    { name: 'output_bytes', type: 'INTEGER', mode: 'NULLABLE', description: 'Bytes a load job wrote (BigQuery totalOutputBytes).' },
    { name: 'retries', type: 'INTEGER', mode: 'REQUIRED', description: 'Retries of the most retried task (Airflow try_number - 1); 0 when none were logged.' },
    { name: 'failed_stages', type: 'STRING', mode: 'REPEATED', description: 'Stages that reported a failure.' },
    { name: 'error_signatures', type: 'STRING', mode: 'REPEATED', description: 'Signatures (else categories) of the run failures.' },
    { name: 'updated_at', type: 'TIMESTAMP', mode: 'REQUIRED', description: 'When the row last changed (UTC).' },
  ],
} as const satisfies TableDefinition;

/** Anomaly verdicts (issue 7): the latest verdict of each run that was found anomalous when it ended. */
export const ANOMALIES_TABLE = {
  name: 'anomalies',
  description: 'Runs found anomalous when they ended: score, reasons against their baselines, and each detector result.',
  primaryKey: ['anomaly_id'],
  partitioning: { field: 'detected_at', type: 'DAY' },
  clustering: ['pipeline_id', 'source'],
  fields: [
    { name: 'anomaly_id', type: 'STRING', mode: 'REQUIRED', description: 'Hash of (run_key, ended_at): one verdict per final state of a run, the streaming insertId.' },
    { name: 'run_key', type: 'STRING', mode: 'REQUIRED', description: 'The scored run (pipeline_runs.run_key).' },
    { name: 'source', type: 'STRING', mode: 'REQUIRED', description: 'bigquery, dataflow, composer or workflows.' },
    { name: 'pipeline_id', type: 'STRING', mode: 'REQUIRED', description: 'Pipeline of the run.' },
    { name: 'run_id', type: 'STRING', mode: 'REQUIRED', description: 'Run id.' },
    { name: 'detected_at', type: 'TIMESTAMP', mode: 'REQUIRED', description: 'When the run reached the scored final state (its ended_at); the partitioning column.' },
    { name: 'score', type: 'FLOAT', mode: 'REQUIRED', description: 'Anomaly score in [0, 1].' },
    { name: 'reasons', type: 'STRING', mode: 'REPEATED', description: 'What was unusual and against which baseline, one sentence each.' },
    { name: 'kinds', type: 'STRING', mode: 'REPEATED', description: 'Finding kinds, e.g. latency_spike, throughput_drop, retry_burst, failure_spike, new_signature, outlier.' },
    { name: 'detectors', type: 'JSON', mode: 'REQUIRED', description: 'Each detector result (score, fired, baseline) as a JSON object.' },
    { name: 'scored_at', type: 'TIMESTAMP', mode: 'REQUIRED', description: 'When FlexiRoaster computed the verdict (UTC).' },
  ],
} as const satisfies TableDefinition;

export type PipelineEventRow = RowOf<typeof PIPELINE_EVENTS_TABLE>;
export type RejectedEventRow = RowOf<typeof REJECTED_EVENTS_TABLE>;
export type KnowledgeBaseRow = RowOf<typeof KNOWLEDGE_BASE_TABLE>;
export type RemediationActionRow = RowOf<typeof REMEDIATION_ACTIONS_AUDIT_TABLE>;
export type StrategyOutcomeRow = RowOf<typeof STRATEGY_OUTCOMES_TABLE>;
export type PipelineMetricRow = RowOf<typeof PIPELINE_METRICS_TABLE>;
export type MetricAnomalyRow = RowOf<typeof METRIC_ANOMALIES_TABLE>;
export type SignatureAliasRow = RowOf<typeof SIGNATURE_ALIASES_TABLE>;
export type SignatureCanonicalRow = RowOf<typeof SIGNATURE_CANONICAL_TABLE>;
export type RiskPredictionRow = RowOf<typeof RISK_PREDICTIONS_TABLE>;
export type PipelineRunRow = RowOf<typeof PIPELINE_RUNS_TABLE>;
export type AnomalyRow = RowOf<typeof ANOMALIES_TABLE>;

/** Every table the generators emit, in creation order. Append new tables here. */
export const TABLES: readonly TableDefinition[] = [
  PIPELINE_EVENTS_TABLE,
  REJECTED_EVENTS_TABLE,
  KNOWLEDGE_BASE_TABLE,
  REMEDIATION_ACTIONS_AUDIT_TABLE,
  STRATEGY_OUTCOMES_TABLE,
  PIPELINE_METRICS_TABLE,
  METRIC_ANOMALIES_TABLE,
  SIGNATURE_ALIASES_TABLE,
  SIGNATURE_CANONICAL_TABLE,
  RISK_PREDICTIONS_TABLE,
  PIPELINE_RUNS_TABLE,
  ANOMALIES_TABLE,
];

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,299}$/;

/** Problems with a definition that BigQuery or DuckDB would only report at deploy time; empty when sound. */
export function validateTableDefinition(table: TableDefinition): string[] {
  const problems: string[] = [];
  if (!IDENTIFIER.test(table.name)) problems.push(`table name "${table.name}" is not a valid identifier`);
  if (table.fields.length === 0) problems.push(`${table.name}: has no fields`);
  const byName = new Map<string, FieldDefinition>();
  for (const field of table.fields) {
    if (!IDENTIFIER.test(field.name)) problems.push(`${table.name}.${field.name}: not a valid column name`);
    if (byName.has(field.name.toLowerCase())) problems.push(`${table.name}.${field.name}: defined twice (names are case-insensitive)`);
    if (field.description.trim() === '') problems.push(`${table.name}.${field.name}: needs a description`);
    byName.set(field.name.toLowerCase(), field);
  }
  for (const key of table.primaryKey ?? []) {
    const field = byName.get(key.toLowerCase());
    if (!field) problems.push(`${table.name}: primary key column "${key}" is not a field`);
    else if (field.mode !== 'REQUIRED') problems.push(`${table.name}: primary key column "${key}" must be REQUIRED`);
  }
  if (table.partitioning) {
    const field = byName.get(table.partitioning.field.toLowerCase());
    if (!field) problems.push(`${table.name}: partitioning column "${table.partitioning.field}" is not a field`);
    else if (field.type !== 'TIMESTAMP' || field.mode === 'REPEATED') {
      problems.push(`${table.name}: partitioning column "${field.name}" must be a non-repeated TIMESTAMP`);
    }
  }
  const clustering = table.clustering ?? [];
  if (clustering.length > 4) problems.push(`${table.name}: BigQuery allows at most 4 clustering columns, got ${clustering.length}`);
  for (const column of clustering) {
    const field = byName.get(column.toLowerCase());
    if (!field) problems.push(`${table.name}: clustering column "${column}" is not a field`);
    else if (field.type === 'JSON' || field.type === 'FLOAT' || field.mode === 'REPEATED') {
      problems.push(`${table.name}: clustering column "${column}" must be a non-repeated STRING, INTEGER, BOOLEAN or TIMESTAMP`);
    }
  }
  return problems;
}
