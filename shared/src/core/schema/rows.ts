import type { ClassifiedEvent } from '../domain/pipeline-event';
import type { RejectedInput } from '../ports/event-store';
import type { PipelineEventRow, RejectedEventRow } from './tables';

const RFC3339 = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:?\d{2})?$/;

/**
 * Rewrites an RFC 3339 timestamp as UTC with at most microseconds, e.g. "2024-05-01T08:00:00.123456Z".
 * Cloud Logging writes nanoseconds and sometimes offsets; BigQuery TIMESTAMP keeps microseconds and
 * DuckDB's plain TIMESTAMP cast ignores offsets, so both stores get one canonical form.
 * A value that is not RFC 3339 is returned unchanged so the store reports it as invalid.
 */
export function canonicalTimestamp(value: string): string {
  const match = RFC3339.exec(value.trim());
  if (!match) return value;
  const [, date, time, fraction, zone] = match as unknown as [string, string, string, string | undefined, string | undefined];
  const offset = zone === undefined || zone === 'z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const parsed = new Date(`${date}T${time}${offset}`);
  if (Number.isNaN(parsed.getTime())) return value;
  const seconds = parsed.toISOString().slice(0, 19);
  const micros = (fraction ?? '').slice(0, 6).replace(/0+$/, '');
  return micros === '' ? `${seconds}Z` : `${seconds}.${micros}Z`;
}

function orNull<T>(value: T | undefined): T | null {
  return value === undefined ? null : value;
}

/** Flattens a classified event into a pipeline_events row; ingestedAt comes from the caller's clock. */
export function toPipelineEventRow(event: ClassifiedEvent, ingestedAt: Date): PipelineEventRow {
  return {
    event_id: event.eventId,
    log_name: event.identity.logName,
    insert_id: event.identity.insertId,
    source: event.source,
    pipeline_id: event.pipelineId,
    run_id: event.runId,
    stage_id: orNull(event.stageId),
    status: event.status,
    error_message: orNull(event.errorMessage),
    rpc_code: orNull(event.codes.rpcCode),
    bigquery_reason: orNull(event.codes.bigqueryReason),
    dataflow_job_state: orNull(event.codes.dataflowJobState),
    airflow_exit_code: orNull(event.codes.airflowExitCode),
    signal: orNull(event.codes.signal),
    exception_type: orNull(event.codes.exceptionType),
    category: event.category,
    signature_id: orNull(event.signatureId),
    occurred_at: canonicalTimestamp(event.occurredAt),
    project_id: orNull(event.projectId),
    location: orNull(event.location),
    resource_type: event.resourceType,
    resource_labels: JSON.stringify(sortedObject(event.resourceLabels)),
    severity: event.severity,
    trace: orNull(event.trace),
    telemetry: event.telemetry === undefined ? null : JSON.stringify(event.telemetry),
    ingested_at: ingestedAt.toISOString(),
  };
}

export function toRejectedEventRow(rejection: RejectedInput): RejectedEventRow {
  return {
    rejection_id: rejection.rejectionId,
    reason: rejection.reason,
    message: rejection.message,
    raw_payload: rejection.rawPayload,
    received_at: canonicalTimestamp(rejection.receivedAt),
    message_id: orNull(rejection.messageId),
  };
}

// Sorted keys make the stored JSON byte-identical for the same labels, whichever order the entry listed them in.
function sortedObject(labels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(labels).sort()) out[key] = labels[key] as string;
  return out;
}
