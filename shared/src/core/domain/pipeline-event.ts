import type { Category } from './category';
import type { EventTelemetry } from './run-telemetry';

export const SOURCES = ['bigquery', 'dataflow', 'composer', 'workflows'] as const;
export type Source = (typeof SOURCES)[number];

export const STATUSES = ['failed', 'succeeded', 'running', 'cancelled', 'info'] as const;
export type PipelineStatus = (typeof STATUSES)[number];

/** Machine-readable facts the producing service attached; classification trusts these before text. */
export interface StructuredCodes {
  /** google.rpc.Code number (e.g. 7 PERMISSION_DENIED, 16 UNAUTHENTICATED). */
  rpcCode?: number;
  /** BigQuery ErrorProto.reason, e.g. "rateLimitExceeded". */
  bigqueryReason?: string;
  /** Dataflow job state, e.g. "JOB_STATE_FAILED". */
  dataflowJobState?: string;
  /** Airflow task process exit code. */
  airflowExitCode?: number;
  /** Signal name Airflow reported, e.g. "SIGKILL". */
  signal?: string;
  /** Exception type named by the producer, e.g. Workflows failure or Python exception class. */
  exceptionType?: string;
}

/** Identity of the log entry: Cloud Logging dedupes by (logName, insertId) and so do we. */
export interface EventIdentity {
  logName: string;
  insertId: string;
}

export interface PipelineEvent {
  /** Stable id derived from identity; used as BigQuery insertId and primary key. */
  eventId: string;
  identity: EventIdentity;
  source: Source;
  pipelineId: string;
  runId: string;
  stageId?: string;
  status: PipelineStatus;
  errorMessage?: string;
  codes: StructuredCodes;
  /** ISO-8601 timestamp of the underlying entry. */
  occurredAt: string;
  projectId?: string;
  location?: string;
  resourceType: string;
  resourceLabels: Record<string, string>;
  severity: string;
  trace?: string;
  /** Run telemetry the entry states (durations, bytes, slots, rows, try number); absent when it states none. */
  telemetry?: EventTelemetry;
}

export interface ClassifiedEvent extends PipelineEvent {
  category: Category | null;
  /** The signature the classifying instance handed out for the error (failures only). */
  signatureId?: string;
}
