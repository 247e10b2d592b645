import { SINK_TIMESTAMP } from './duckdb-ingest-harness';

/** One place a secret can sit in what ingest receives: the bytes of message.data (or a whole CloudEvent body). */
export interface SecretPlace {
  name: string;
  /** The LogEntry (or raw text) carrying `secret`; a string is sent as is, anything else as JSON. */
  build(secret: string, id: string): unknown;
}

const COMPOSER_RESOURCE = { type: 'cloud_composer_environment', labels: { project_id: 'acme-data', location: 'us-central1', environment_name: 'etl-prod' } };
const COMPOSER_LABELS = { workflow: 'daily_sales', 'task-id': 'load_orders', 'execution-date': '2026-11-21T03:00:00+00:00' };

function composer(id: string, fields: Record<string, unknown>): Record<string, unknown> {
  return {
    insertId: id,
    logName: 'projects/acme-data/logs/airflow-worker',
    resource: COMPOSER_RESOURCE,
    labels: COMPOSER_LABELS,
    timestamp: SINK_TIMESTAMP,
    severity: 'ERROR',
    textPayload: 'Marking task as FAILED. dag_id=daily_sales, task_id=load_orders',
    ...fields,
  };
}

function bigQueryAudit(id: string, metadata: Record<string, unknown>, statusMessage = 'Query error: Syntax error'): Record<string, unknown> {
  return {
    insertId: id,
    logName: 'projects/acme-data/logs/cloudaudit.googleapis.com%2Fdata_access',
    resource: { type: 'bigquery_project', labels: { project_id: 'acme-data', location: 'US' } },
    timestamp: SINK_TIMESTAMP,
    severity: 'ERROR',
    protoPayload: {
      '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
      status: { code: 3, message: statusMessage },
      authenticationInfo: { principalEmail: 'etl@acme-data.iam.gserviceaccount.com' },
      serviceName: 'bigquery.googleapis.com',
      methodName: 'google.cloud.bigquery.v2.JobService.InsertJob',
      resourceName: `projects/acme-data/jobs/bquxjob_${id}`,
      metadata: { '@type': 'type.googleapis.com/google.cloud.audit.BigQueryAuditMetadata', ...metadata },
    },
  };
}

function job(id: string, query: string) {
  return {
    jobName: `projects/acme-data/jobs/bquxjob_${id}`,
    jobConfig: { type: 'QUERY', queryConfig: { query, destinationTable: 'projects/acme-data/datasets/sales/tables/orders' } },
    jobStatus: { jobState: 'DONE', errorResult: { code: 3, message: 'Syntax error at [1:8]' } },
  };
}

/** 25 places, each a field Cloud Logging or a sink really carries (LogEntry v2, AuditLog, BigQueryAuditMetadata). */
export const SECRET_PLACES: readonly SecretPlace[] = [
  { name: 'textPayload', build: (s, id) => composer(id, { textPayload: `Task failed: ${s}` }) },
  { name: 'jsonPayload.message', build: (s, id) => composer(id, { textPayload: undefined, jsonPayload: { message: `Task failed with error: ${s}` } }) },
  { name: 'nested jsonPayload field', build: (s, id) => composer(id, { jsonPayload: { message: 'Task failed', context: { request: { detail: s } } } }) },
  { name: 'label key', build: (s, id) => composer(id, { labels: { ...COMPOSER_LABELS, [s]: 'x' } }) },
  { name: 'label value', build: (s, id) => composer(id, { labels: { ...COMPOSER_LABELS, note: s } }) },
  { name: 'label value naming the DAG', build: (s, id) => composer(id, { labels: { ...COMPOSER_LABELS, workflow: s } }) },
  { name: 'resource label key', build: (s, id) => composer(id, { resource: { ...COMPOSER_RESOURCE, labels: { ...COMPOSER_RESOURCE.labels, [s]: 'v' } } }) },
  { name: 'resource label value', build: (s, id) => composer(id, { resource: { ...COMPOSER_RESOURCE, labels: { ...COMPOSER_RESOURCE.labels, environment_name: s } } }) },
  { name: 'httpRequest.requestUrl', build: (s, id) => composer(id, { httpRequest: { requestMethod: 'GET', requestUrl: `https://api.example.net/x?${s}`, status: 401 } }) },
  { name: 'httpRequest.userAgent and referer', build: (s, id) => composer(id, { httpRequest: { userAgent: s, referer: s, status: 500 } }) },
  { name: 'protoPayload.status.message', build: (s, id) => bigQueryAudit(id, { jobChange: { after: 'DONE', job: job(id, 'SELECT 1') } }, `Query error: ${s}`) },
  { name: 'BigQuery query text in jobChange', build: (s, id) => bigQueryAudit(id, { jobChange: { after: 'DONE', job: job(id, `SELECT * FROM t WHERE note = '${s}'`) } }) },
  { name: 'BigQuery query text in jobInsertion', build: (s, id) => bigQueryAudit(id, { jobInsertion: { reason: 'JOB_INSERT_REQUEST', job: job(id, `SELECT '${s}'`) } }) },
  { name: 'operation.id', build: (s, id) => composer(id, { operation: { id: s, producer: 'airflow', first: true } }) },
  { name: 'trace', build: (s, id) => composer(id, { trace: `projects/acme-data/traces/${s}` }) },
  { name: 'spanId', build: (s, id) => composer(id, { spanId: s }) },
  { name: 'sourceLocation', build: (s, id) => composer(id, { sourceLocation: { file: s, line: '42', function: s } }) },
  { name: 'insertId', build: (s, id) => composer(`${id}-${s}`, {}) },
  { name: 'logName', build: (s, id) => composer(id, { logName: `projects/acme-data/logs/${encodeURIComponent(s)}` }) },
  { name: 'Workflows failure exception', build: (s, id) => ({ insertId: id, logName: 'projects/acme-data/logs/workflows.googleapis.com%2Fexecutions_system', resource: { type: 'workflows.googleapis.com/Workflow', labels: { workflow_id: 'export', location: 'us-central1', project_id: 'acme-data' } }, labels: { 'workflows.googleapis.com/execution_id': 'exec-1' }, timestamp: SINK_TIMESTAMP, severity: 'ERROR', jsonPayload: { '@type': 'type.googleapis.com/google.cloud.workflows.type.ExecutionsSystemLog', state: 'FAILED', failure: { exception: `HttpError: ${s}`, source: 'call_api' } } }) },
  { name: 'Dataflow job-message', build: (s, id) => ({ insertId: id, logName: 'projects/acme-data/logs/dataflow.googleapis.com%2Fjob-message', resource: { type: 'dataflow_step', labels: { job_id: '2026-11-21_03_00_00-123', job_name: 'orders-stream', project_id: 'acme-data', region: 'us-central1', step_id: '' } }, timestamp: SINK_TIMESTAMP, severity: 'ERROR', textPayload: `Workflow failed. Causes: S01: ${s}` }) },
  { name: 'rejected: not JSON', build: (s) => `not json at all ${s}` },
  { name: 'rejected: JSON-quoted secret in an unsupported resource', build: (s, id) => ({ insertId: id, logName: 'projects/acme-data/logs/syslog', resource: { type: 'gce_instance', labels: {} }, timestamp: SINK_TIMESTAMP, jsonPayload: { message: s, password: s } }) },
  { name: 'rejected: entry missing its timestamp', build: (s, id) => ({ ...composer(id, { textPayload: `Task failed ${s}` }), timestamp: 'not-a-time', receiveTimestamp: undefined }) },
  { name: 'rejected: not UTF-8 (a stray byte next to the secret)', build: (s, id) => Buffer.concat([Buffer.from(JSON.stringify(composer(id, { textPayload: `Task failed ${s} @@` })).split('@@')[0] as string), Buffer.from([0xff]), Buffer.from('"}')]) },
];
