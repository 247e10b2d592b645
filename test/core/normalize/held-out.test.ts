import type { PipelineEvent, PipelineStatus, Source, StructuredCodes } from '../../../shared/src/core/domain/pipeline-event';
import { normalizeLogEntry } from '../../../shared/src/core/normalize';
import { loadEntry } from './fixture';

/**
 * A held-out set: LogEntries shaped after documented formats and public reports (BigQueryAuditMetadata
 * and AuditData protos, Dataflow "Troubleshoot Dataflow errors" messages, Airflow 2.x scheduler and
 * task-runner log formats, Workflows ExecutionsSystemLog / EngineCallLog protos), written without
 * looking at how the normalizers read them. Each case states what a reader of the entry would call
 * its pipeline, run, stage, outcome and cause.
 */
interface Expected {
  source: Source;
  pipelineId: string;
  runId: string;
  status: PipelineStatus;
  /** null: the entry names no stage. */
  stageId?: string | null;
  location?: string;
  codes?: StructuredCodes;
  /** Key phrases the error message must carry (the cause, not just a wrapper). */
  errorContains?: string[];
  /** Exact error message, when the entry states it in one piece. */
  errorIs?: string;
  /** The entry is not a failure: it must carry no error message. */
  noError?: boolean;
}

const BQ = 'held-out/bigquery';
const DF = 'held-out/dataflow';
const CMP = 'held-out/composer';
const WF = 'held-out/workflows';

const CASES: ReadonlyArray<[string, Expected]> = [
  // BigQuery: BigQueryAuditMetadata (bigquery_project) and AuditData (bigquery_resource)
  [`${BQ}/new-load-job-failed-schema-changed-type.json`, {
    source: 'bigquery', pipelineId: 'acme-data.raw.events', runId: 'bqjob_r1c2f0a7e53d4b91e_0000018d0f6a2b3c_1', status: 'failed',
    location: 'US', codes: { rpcCode: 3 }, errorContains: ['Field user_id has changed type from STRING to INTEGER'],
  }],
  [`${BQ}/new-copy-job-failed-source-not-found.json`, {
    source: 'bigquery', pipelineId: 'orders-snapshot', runId: 'copy_orders_snapshot_20240115_0400', status: 'failed',
    codes: { rpcCode: 5 }, errorContains: ['Not found: Table acme-data:staging.orders'],
  }],
  [`${BQ}/new-extract-job-failed-permission-denied.json`, {
    source: 'bigquery', pipelineId: 'acme-data.mart.orders', runId: 'bqjob_r7b3d21f9c0e14a5a_0000018d0fb3c9e1_1', status: 'failed',
    location: 'EU', codes: { rpcCode: 7 }, errorContains: ['Permission denied while writing data'],
  }],
  [`${BQ}/new-dml-query-failed-rate-limit-airflow-labels.json`, {
    source: 'bigquery', pipelineId: 'ads_hourly', stageId: 'merge_spend', runId: 'airflow_ads_hourly_merge_spend_2024_01_15T06_00_00_00_00_4a1c9e',
    status: 'failed', codes: { rpcCode: 8 }, errorContains: ['Exceeded rate limits: too many table update operations'],
  }],
  [`${BQ}/new-job-insertion-done-cache-hit.json`, {
    source: 'bigquery', pipelineId: 'bquxjob_6e1c0f2a_18d0fd2a7b1', runId: 'bquxjob_6e1c0f2a_18d0fd2a7b1', status: 'succeeded', codes: {}, noError: true,
  }],
  [`${BQ}/new-job-insertion-done-syntax-error.json`, {
    source: 'bigquery', pipelineId: 'bquxjob_3aa41c7e_18d0fd4c2e9', runId: 'bquxjob_3aa41c7e_18d0fd4c2e9', status: 'failed',
    codes: { rpcCode: 3 }, errorContains: ['Syntax error: Expected end of input but got identifier "FORM"'],
  }],
  [`${BQ}/new-insert-denied-status-only.json`, {
    source: 'bigquery', pipelineId: 'bqjob_r0e1f2a3b4c5d6e7f_0000018d10022a3b_1', runId: 'bqjob_r0e1f2a3b4c5d6e7f_0000018d10022a3b_1', status: 'failed',
    codes: { rpcCode: 7 }, errorContains: ['User does not have bigquery.jobs.create permission in project acme-data'],
  }],
  [`${BQ}/new-job-change-pending-to-running.json`, {
    source: 'bigquery', pipelineId: 'acme-data.reporting.daily_events', runId: 'scheduled_query_65a4c0f1-0000-2a7e-b9d4-089e0824c9ac', status: 'running',
    codes: {}, noError: true,
  }],
  [`${BQ}/new-load-job-done-with-tolerated-row-errors.json`, {
    // errors[] without errorResult: rows were skipped within maxBadRecords and the job succeeded.
    source: 'bigquery', pipelineId: 'acme-data.raw.pos_sales', runId: 'bqjob_r2d4f6a8c0e1b3d5f_0000018d1203c4d5_1', status: 'succeeded', codes: {}, noError: true,
  }],
  [`${BQ}/old-query-job-failed-allotted-memory.json`, {
    source: 'bigquery', pipelineId: 'acme-data.reporting.daily_kpis', runId: 'bquxjob_51d0e7aa_18d1007f3c2', status: 'failed',
    location: 'US', codes: { rpcCode: 8 }, errorContains: ['could not be executed in the allotted memory'],
  }],
  [`${BQ}/old-load-job-failed-json-no-such-field.json`, {
    source: 'bigquery', pipelineId: 'acme-data.crm.accounts', runId: 'load_crm_accounts_20240115', status: 'failed',
    location: 'EU', codes: { rpcCode: 3 },
    // The headline only points at errors[]; the cause is in jobStatus.additionalErrors.
    errorContains: ['JSON table encountered too many errors', 'No such field: customer_tier'],
  }],
  [`${BQ}/old-query-job-succeeded-pipeline-label.json`, {
    source: 'bigquery', pipelineId: 'finance-close', stageId: 'post_ledger', runId: 'finance_close_step3_20240115', status: 'succeeded', codes: {}, noError: true,
  }],

  // Dataflow: job-message lines, worker / harness-startup / worker-startup logs
  [`${DF}/job-message-zone-resource-pool-exhausted.json`, {
    source: 'dataflow', pipelineId: 'streamingpubsubtopic', runId: '2024-05-10_12_29_41-10432298713352875871', status: 'failed',
    location: 'us-central1', errorContains: ['ZONE_RESOURCE_POOL_EXHAUSTED', 'does not have enough resources available'],
  }],
  [`${DF}/job-message-worker-pool-gpu-quota-exceeded.json`, {
    source: 'dataflow', pipelineId: 'benchmark-tests-pytorch-imagenet', runId: '2024-05-04_10_52_18-4418903174220917741', status: 'failed',
    errorContains: ["Quota 'NVIDIA_T4_GPUS' exceeded"],
  }],
  [`${DF}/job-message-work-item-failed-timed-out-waiting.json`, {
    source: 'dataflow', pipelineId: 'customer-svoc-interim', runId: '2024-04-02_00_24_09-9811200462731180374', status: 'failed', stageId: 'S08',
    codes: { dataflowJobState: 'JOB_STATE_FAILED' }, errorContains: ['a work item has failed 4 times', 'Timed out waiting for an update from the worker'],
  }],
  [`${DF}/job-message-workflow-failed-causes-without-colon.json`, {
    source: 'dataflow', pipelineId: 'tpu-inference-batch', runId: '2024-06-18_03_11_40-1722093446120987315', status: 'failed', stageId: null,
    location: 'us-east5', codes: { dataflowJobState: 'JOB_STATE_FAILED' }, errorContains: ['Timed out waiting for an update from the worker'],
  }],
  [`${DF}/job-message-flex-launcher-vm-resource-exhausted.json`, {
    source: 'dataflow', pipelineId: 'convert-file-formats-20250320', runId: '2025-03-20_12_05_38-1015983072114339861', status: 'failed',
    errorContains: ['RESOURCE_EXHAUSTED', 'ZONE_RESOURCE_POOL_EXHAUSTED'],
  }],
  [`${DF}/job-message-error-from-worker-python-traceback.json`, {
    source: 'dataflow', pipelineId: 'contributor-admin-stats', runId: '2024-07-01_08_14_02-6630149200917264418', status: 'failed',
    codes: { exceptionType: 'ValueError' }, errorContains: ['min() arg is an empty sequence'],
  }],
  [`${DF}/job-message-cancel-request-committed.json`, {
    source: 'dataflow', pipelineId: 'orders-stream-enrich', runId: '2024-03-12_21_00_03-5120394848110273646', status: 'cancelled',
    codes: { dataflowJobState: 'JOB_STATE_CANCELLED' }, noError: true,
  }],
  [`${DF}/worker-java-gc-thrashing-shutdown.json`, {
    source: 'dataflow', pipelineId: 'orders-stream-enrich', runId: '2024-03-12_21_00_03-5120394848110273646', status: 'failed',
    errorContains: ['consecutive periods of measured GC thrashing'],
  }],
  [`${DF}/worker-processing-stuck-spanner-write.json`, {
    source: 'dataflow', pipelineId: 'orders-stream-enrich', runId: '2024-03-12_21_00_03-5120394848110273646', status: 'failed',
    stageId: 'SpannerIO.Write/Write mutations to Cloud Spanner/Batch mutations together', errorContains: ['Processing stuck in step SpannerIO.Write'],
  }],
  [`${DF}/worker-java-bigquery-insert-access-denied.json`, {
    source: 'dataflow', pipelineId: 'events-to-bq-batch', runId: '2024-08-22_06_40_12-17384129003344125561', status: 'failed',
    stageId: 'WriteToBigQuery/StreamingInserts/StreamingWriteTables/StreamingWrite',
    codes: { exceptionType: 'com.google.api.client.googleapis.json.GoogleJsonResponseException' },
    errorContains: ['User does not have bigquery.tables.updateData permission'],
  }],
  [`${DF}/harness-startup-exec-format-error.json`, {
    source: 'dataflow', pipelineId: 'pdf-parse-python', runId: '2024-09-30_01_12_55-2231409881123304417', status: 'failed',
    errorContains: ['exec /opt/apache/beam/boot: exec format error'],
  }],
  [`${DF}/worker-startup-pip-no-space-left.json`, {
    source: 'dataflow', pipelineId: 'pdf-parse-python', runId: '2024-09-30_01_12_55-2231409881123304417', status: 'failed',
    errorContains: ['[Errno 28] No space left on device'],
  }],
  [`${DF}/worker-info-progress-line.json`, {
    source: 'dataflow', pipelineId: 'events-to-bq-batch', runId: '2024-08-22_06_40_12-17384129003344125561', status: 'info', stageId: 'ReadFromGCS/Read', noError: true,
  }],

  // Cloud Composer (Airflow 2.x): worker, scheduler and DAG-processor lines
  [`${CMP}/worker-task-failed-bigquery-forbidden.json`, {
    source: 'composer', pipelineId: 'orders_daily', runId: '2024-01-15T02:00:00+00:00', stageId: 'load_orders', status: 'failed', location: 'europe-west1',
    codes: { exceptionType: 'google.api_core.exceptions.Forbidden' }, errorContains: ['User does not have permission to query table acme-data:raw.orders'],
  }],
  [`${CMP}/worker-marking-up-for-retry.json`, {
    source: 'composer', pipelineId: 'orders_daily', runId: '2024-01-15T02:00:00+00:00', stageId: 'load_orders', status: 'failed',
  }],
  [`${CMP}/worker-marking-failed-manual-run-no-labels.json`, {
    source: 'composer', pipelineId: 'minio_health_check', runId: '2024-06-26T05:34:29+00:00', stageId: 'check_minio_health', status: 'failed',
  }],
  [`${CMP}/worker-mapped-task-sigkill.json`, {
    source: 'composer', pipelineId: 'feature_backfill', runId: '2024-01-14T00:00:00+00:00', stageId: 'score_partition[3]', status: 'failed',
    codes: { signal: 'SIGKILL', airflowExitCode: -9 }, errorContains: ['Negsignal.SIGKILL'],
  }],
  [`${CMP}/worker-task-failed-no-space-left.json`, {
    source: 'composer', pipelineId: 'partner_export', runId: '2024-01-15T04:00:00+00:00', stageId: 'write_parquet', status: 'failed',
    codes: { exceptionType: 'OSError' }, errorContains: ['[Errno 28] No space left on device'],
  }],
  [`${CMP}/scheduler-executor-reports-killed-externally.json`, {
    source: 'composer', pipelineId: 'orders_daily', runId: '2024-01-15T05:00:00+00:00', stageId: 'load_orders', status: 'failed',
    errorContains: ['Was the task killed externally?'],
  }],
  [`${CMP}/scheduler-detected-zombie-job.json`, {
    source: 'composer', pipelineId: 'orders_daily', runId: '2024-01-15T06:00:00+00:00', stageId: 'build_marts', status: 'failed',
    errorContains: ['Detected zombie job'],
  }],
  [`${CMP}/scheduler-taskinstance-finished-executor-failed.json`, {
    // The executor saw the task process fail while the task instance never left "queued": Airflow fails it.
    source: 'composer', pipelineId: 'dag_1', runId: '2024-03-02T17:47:30+00:00', stageId: 'hello_world_group.task_17', status: 'failed',
  }],
  [`${CMP}/scheduler-received-executor-event-failed.json`, {
    source: 'composer', pipelineId: 'orders_daily', runId: '2024-01-15T02:00:00+00:00', stageId: 'load_orders', status: 'failed',
  }],
  [`${CMP}/scheduler-stuck-in-queued-as-failed.json`, {
    source: 'composer', pipelineId: 'ha_health_monitor', runId: '2024-01-15T07:40:00+00:00', stageId: 'check_scheduler', status: 'failed',
    errorContains: ['stuck in queued as failed'],
  }],
  [`${CMP}/worker-dependencies-not-met-up-for-retry.json`, {
    // A dependency check that "FAILED" is the scheduler waiting out the retry delay, not a task failure.
    source: 'composer', pipelineId: 'orders_daily', runId: '2024-01-15T02:00:00+00:00', stageId: 'load_orders', status: 'info', noError: true,
  }],
  [`${CMP}/scheduler-setting-external-id.json`, {
    source: 'composer', pipelineId: 'orders_daily', runId: '2024-01-15T02:00:00+00:00', stageId: 'load_orders', status: 'info', noError: true,
  }],
  [`${CMP}/dag-processor-failed-to-import.json`, {
    source: 'composer', pipelineId: 'marketing/hubspot_sync.py', runId: '/home/airflow/gcs/dags/marketing/hubspot_sync.py', stageId: null, status: 'failed',
    codes: { exceptionType: 'ModuleNotFoundError' }, errorContains: ["No module named 'pandas_gbq'"],
  }],
  [`${CMP}/worker-task-failed-conn-id-not-defined.json`, {
    source: 'composer', pipelineId: 'crm_sync', runId: '2024-01-16T07:30:00+00:00', stageId: 'extract_accounts', status: 'failed',
    codes: { exceptionType: 'airflow.exceptions.AirflowNotFoundException' }, errorContains: ["The conn_id `salesforce_prod` isn't defined"],
  }],
  [`${CMP}/worker-task-success-exit-0.json`, {
    source: 'composer', pipelineId: 'orders_daily', runId: '2024-01-15T02:00:00+00:00', stageId: 'load_orders', status: 'succeeded',
    codes: { airflowExitCode: 0 }, noError: true,
  }],

  // Cloud Workflows: executions_system and engine_call logs
  [`${WF}/system-failed-connection-failed-error.json`, {
    source: 'workflows', pipelineId: 'partner-order-sync', runId: '8d1f3c57-2b0e-4e61-9a7c-5f0b2d9e1a44', stageId: 'fetch_orders', status: 'failed',
    location: 'us-central1', codes: { exceptionType: 'ConnectionFailedError' }, errorContains: ['no such host'],
  }],
  [`${WF}/system-failed-raised-string.json`, {
    source: 'workflows', pipelineId: 'nightly-export', runId: '2f7c0e19-8a4b-4d3e-b5c1-6e9a0f2d7b18', stageId: 'check_batch', status: 'failed',
    errorIs: 'order batch for 2024-01-14 is empty',
  }],
  [`${WF}/system-failed-http-429-body-as-string.json`, {
    source: 'workflows', pipelineId: 'bq-fanout', runId: 'c4a9e2d0-1f5b-47c8-8e3a-92b6d0c7f513', stageId: 'run_query', status: 'failed',
    codes: { exceptionType: 'HttpError', rpcCode: 8 }, errorContains: ['error code 429', "Quota exceeded for quota metric 'Queries'"],
  }],
  [`${WF}/system-cancelled.json`, {
    source: 'workflows', pipelineId: 'nightly-export', runId: '5b0d8e2a-7c41-4f96-a3e8-1d2c9b7f0e65', status: 'cancelled',
  }],
  [`${WF}/system-succeeded-executions-system-log-id.json`, {
    source: 'workflows', pipelineId: 'partner-order-sync', runId: 'e8c2b1f7-0a9d-4c35-b6e4-3f1a7d2c9b80', status: 'succeeded', noError: true,
  }],
  [`${WF}/system-failed-custom-error-map.json`, {
    source: 'workflows', pipelineId: 'invoice-close', runId: 'a1f0c3e9-6b2d-4e87-9d05-7c8b2e1f4a36', stageId: 'subworkflow_validate.assert_export', status: 'failed',
    errorContains: ['Upstream ledger export is missing for 2024-01-14'],
  }],
  [`${WF}/engine-call-exception-raised.json`, {
    // A raised call exception can still be caught by the workflow: only the system log's FAILED ends the run.
    source: 'workflows', pipelineId: 'bq-fanout', runId: '7e3b9d1c-4f0a-42b8-8c6e-0d5a1f9e2c47', stageId: 'run_query', status: 'info',
  }],
];

function normalized(path: string): { event: PipelineEvent; entry: Record<string, unknown> } {
  const entry = loadEntry(path);
  const result = normalizeLogEntry(entry);
  if (!result.ok) throw new Error(`${path} was rejected: ${result.error.code}: ${result.error.message}`);
  return { event: result.event, entry };
}

describe('held-out LogEntries', () => {
  it('holds at least 30 entries', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(CASES)('%s', (path, expected) => {
    const { event, entry } = normalized(path);
    expect({ source: event.source, pipelineId: event.pipelineId, runId: event.runId, status: event.status }).toEqual({
      source: expected.source,
      pipelineId: expected.pipelineId,
      runId: expected.runId,
      status: expected.status,
    });
    expect(event.identity).toEqual({ logName: entry.logName, insertId: entry.insertId });
    expect(event.occurredAt).toBe(entry.timestamp);
    if (expected.stageId === null) expect(event.stageId).toBeUndefined();
    else if (expected.stageId !== undefined) expect(event.stageId).toBe(expected.stageId);
    if (expected.location !== undefined) expect(event.location).toBe(expected.location);
    if (expected.codes !== undefined) expect(event.codes).toEqual(expect.objectContaining(expected.codes));
    if (expected.codes !== undefined && Object.keys(expected.codes).length === 0) expect(event.codes).toEqual({});
    if (expected.noError === true) expect(event.errorMessage).toBeUndefined();
    if (expected.errorIs !== undefined) expect(event.errorMessage).toBe(expected.errorIs);
    for (const phrase of expected.errorContains ?? []) expect(event.errorMessage ?? '').toContain(phrase);
    if (expected.status === 'failed') expect(event.errorMessage ?? '').not.toBe('');
  });

  it('names the rpc code when an audit status carries a code and no message', () => {
    const entry = loadEntry(`${BQ}/new-insert-denied-status-only.json`);
    (entry.protoPayload as Record<string, unknown>).status = { code: 7 };
    const result = normalizeLogEntry(entry);
    expect(result.ok && result.event).toMatchObject({ status: 'failed', codes: { rpcCode: 7 }, errorMessage: 'PERMISSION_DENIED' });
  });

  it('reports a BigQuery Data Transfer Service run log as an unsupported source rather than guessing', () => {
    const result = normalizeLogEntry(loadEntry(`${BQ}/dts-scheduled-query-run-failed.json`));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('unsupported_source');
  });
});
