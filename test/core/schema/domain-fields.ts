import type { ClassifiedEvent, EventIdentity, StructuredCodes } from '../../../shared/src/core/domain/pipeline-event';

/**
 * Column each PipelineEvent field lands in. Typed as complete records over the domain's keys, so adding
 * a field to PipelineEvent fails compilation here until its column is named (and then the test checks it exists).
 */
const TOP_LEVEL: Record<Exclude<keyof ClassifiedEvent, 'identity' | 'codes'>, string> = {
  eventId: 'event_id',
  source: 'source',
  pipelineId: 'pipeline_id',
  runId: 'run_id',
  stageId: 'stage_id',
  status: 'status',
  errorMessage: 'error_message',
  occurredAt: 'occurred_at',
  projectId: 'project_id',
  location: 'location',
  resourceType: 'resource_type',
  resourceLabels: 'resource_labels',
  severity: 'severity',
  trace: 'trace',
  category: 'category',
  signatureId: 'signature_id',
  telemetry: 'telemetry',
};
const IDENTITY: Record<keyof EventIdentity, string> = { logName: 'log_name', insertId: 'insert_id' };
const CODES: Record<keyof Required<StructuredCodes>, string> = {
  rpcCode: 'rpc_code',
  bigqueryReason: 'bigquery_reason',
  dataflowJobState: 'dataflow_job_state',
  airflowExitCode: 'airflow_exit_code',
  signal: 'signal',
  exceptionType: 'exception_type',
};

export const PIPELINE_EVENT_FIELD_NAMES_FROM_DOMAIN = [...Object.values(TOP_LEVEL), ...Object.values(IDENTITY), ...Object.values(CODES)];
