import type { ClassifiedEvent } from '../../shared/src/core/domain/pipeline-event';

/** A failed BigQuery job event with every optional field set; override what a test is about. */
export function classifiedEvent(overrides: Partial<ClassifiedEvent> = {}): ClassifiedEvent {
  return {
    eventId: 'evt-0001',
    identity: { logName: 'projects/demo-project/logs/cloudaudit.googleapis.com%2Fdata_access', insertId: 'ins-0001' },
    source: 'bigquery',
    pipelineId: 'daily_sales',
    runId: 'job_daily_sales_20240501',
    stageId: 'load_orders',
    status: 'failed',
    errorMessage: 'Access Denied: Table demo-project:sales.orders: User does not have permission',
    codes: {
      rpcCode: 7,
      bigqueryReason: 'accessDenied',
      dataflowJobState: 'JOB_STATE_FAILED',
      airflowExitCode: 1,
      signal: 'SIGKILL',
      exceptionType: 'google.api_core.exceptions.Forbidden',
    },
    occurredAt: '2024-05-01T10:15:30.123456789Z',
    projectId: 'demo-project',
    location: 'US',
    resourceType: 'bigquery_project',
    resourceLabels: { project_id: 'demo-project', location: 'US' },
    severity: 'ERROR',
    trace: 'projects/demo-project/traces/0123456789abcdef',
    telemetry: { startedAt: '2024-05-01T10:15:01.000Z', endedAt: '2024-05-01T10:15:30.000Z', slotMs: 5120 },
    category: 'permission_denied',
    signatureId: 'sig_5f0c2a8e41d7b903',
    ...overrides,
  };
}

/** The pipeline_events row of classifiedEvent() ingested at 2024-05-01T10:16:00Z: what toPipelineEventRow returns and the BigQuery insertAll body carries. */
export const CLASSIFIED_EVENT_ROW = {
  event_id: 'evt-0001',
  log_name: 'projects/demo-project/logs/cloudaudit.googleapis.com%2Fdata_access',
  insert_id: 'ins-0001',
  source: 'bigquery',
  pipeline_id: 'daily_sales',
  run_id: 'job_daily_sales_20240501',
  stage_id: 'load_orders',
  status: 'failed',
  error_message: 'Access Denied: Table demo-project:sales.orders: User does not have permission',
  rpc_code: 7,
  bigquery_reason: 'accessDenied',
  dataflow_job_state: 'JOB_STATE_FAILED',
  airflow_exit_code: 1,
  signal: 'SIGKILL',
  exception_type: 'google.api_core.exceptions.Forbidden',
  category: 'permission_denied',
  signature_id: 'sig_5f0c2a8e41d7b903',
  occurred_at: '2024-05-01T10:15:30.123456Z',
  project_id: 'demo-project',
  location: 'US',
  resource_type: 'bigquery_project',
  resource_labels: '{"location":"US","project_id":"demo-project"}',
  severity: 'ERROR',
  trace: 'projects/demo-project/traces/0123456789abcdef',
  telemetry: '{"startedAt":"2024-05-01T10:15:01.000Z","endedAt":"2024-05-01T10:15:30.000Z","slotMs":5120}',
  ingested_at: '2024-05-01T10:16:00.000Z',
};

/** The same event with only the required fields, as a success line would arrive. */
export function minimalEvent(overrides: Partial<ClassifiedEvent> = {}): ClassifiedEvent {
  return {
    eventId: 'evt-min',
    identity: { logName: 'projects/demo-project/logs/dataflow.googleapis.com%2Fjob-message', insertId: 'ins-min' },
    source: 'dataflow',
    pipelineId: 'clickstream',
    runId: '2024-05-01_03_00_00-123',
    status: 'succeeded',
    codes: {},
    occurredAt: '2024-05-01T03:10:00Z',
    resourceType: 'dataflow_step',
    resourceLabels: {},
    severity: 'INFO',
    category: null,
    ...overrides,
  };
}
