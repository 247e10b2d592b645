import { normalizeLogEntry } from '../../../shared/src/core/normalize';
import { loadEntry, normalizeFixture } from './fixture';

describe('BigQuery audit log normalization', () => {
  it('turns a BigQueryAuditMetadata jobChange DONE with errorResult into a failed event keyed by the Airflow DAG label', () => {
    const event = normalizeFixture('bigquery/new-format-job-failed-access-denied.json');
    expect(event).toMatchObject({
      source: 'bigquery',
      pipelineId: 'sessions_daily',
      runId: 'bqjob_r5c1d2e3f4a5b6c7_0000019347a1b2c3_1',
      stageId: 'build_sessions',
      status: 'failed',
      codes: { rpcCode: 7 },
      occurredAt: '2026-11-21T03:05:12.412871Z',
      projectId: 'analytics-prod',
      location: 'US',
      resourceType: 'bigquery_project',
      resourceLabels: { project_id: 'analytics-prod', location: 'US' },
      severity: 'ERROR',
    });
    expect(event.errorMessage).toMatch(/^Access Denied: Table analytics-prod:raw\.clickstream_events: User does not have permission/);
  });

  it('marks a jobChange DONE without error as succeeded and names the pipeline after the destination table, without the partition decorator', () => {
    const event = normalizeFixture('bigquery/new-format-job-succeeded.json');
    expect(event).toMatchObject({ pipelineId: 'analytics-prod.staging.orders', runId: 'bqjob_r71aa02bb93cc_0000019347f0e1d2_1', status: 'succeeded', codes: {} });
    expect(event.errorMessage).toBeUndefined();
  });

  it('marks a jobInsertion of a RUNNING job as running and prefers the pipeline label over the destination table', () => {
    const event = normalizeFixture('bigquery/new-format-job-inserted.json');
    expect(event).toMatchObject({ pipelineId: 'customer-360', runId: 'scheduled_query_6721f3a0-0000-2c1b-8e4f-14c14ef2a8b0', status: 'running' });
  });

  it('reads the old AuditData jobCompletedEvent: JobName object, jobStatus.error and the job location', () => {
    const event = normalizeFixture('bigquery/old-format-load-job-failed.json');
    expect(event).toMatchObject({
      pipelineId: 'clickstream-ingest',
      runId: 'load_clickstream_20261121_0230',
      status: 'failed',
      codes: { rpcCode: 3 },
      resourceType: 'bigquery_resource',
      projectId: 'analytics-prod',
      location: 'US',
    });
    expect(event.errorMessage).toContain('CSV table encountered too many errors');
  });

  it('names an old-format query into an anonymous result table after its job id, since the cache table is not a pipeline', () => {
    const event = normalizeFixture('bigquery/old-format-query-job-succeeded.json');
    expect(event).toMatchObject({ pipelineId: 'bquxjob_3f9a1c2e_19347ab1c2d', runId: 'bquxjob_3f9a1c2e_19347ab1c2d', status: 'succeeded', location: 'EU' });
  });

  it('reads a tableDataChange on a bigquery_dataset as info for the table, tied to the job that wrote it', () => {
    expect(normalizeFixture('bigquery/new-format-table-data-change.json')).toMatchObject({
      pipelineId: 'analytics-prod.staging.orders',
      runId: 'bqjob_r71aa02bb93cc_0000019347f0e1d2_1',
      status: 'info',
      resourceType: 'bigquery_dataset',
      codes: {},
    });
  });

  it('keeps a BigQuery ErrorProto reason next to the rpc code when the producer includes one', () => {
    const entry = loadEntry('bigquery/new-format-job-failed-access-denied.json');
    const proto = entry.protoPayload as { metadata: { jobChange: { job: { jobStatus: Record<string, unknown> } } } };
    proto.metadata.jobChange.job.jobStatus.errorResult = { code: 8, reason: 'rateLimitExceeded', message: 'Exceeded rate limits: too many table update operations for this table.' };
    const result = normalizeLogEntry(entry);
    expect(result.ok && result.event.codes).toEqual({ rpcCode: 8, bigqueryReason: 'rateLimitExceeded' });
  });

  it('fails an entry whose AuditLog status carries the error even when the job part does not', () => {
    const entry = loadEntry('bigquery/new-format-job-succeeded.json');
    (entry.protoPayload as Record<string, unknown>).status = { code: 16, message: 'Request had invalid authentication credentials.' };
    const result = normalizeLogEntry(entry);
    expect(result.ok && result.event).toMatchObject({ status: 'failed', codes: { rpcCode: 16 }, errorMessage: 'Request had invalid authentication credentials.' });
  });

  it('rejects a BigQuery resource entry that carries no audit protoPayload as missing_field', () => {
    const entry = loadEntry('bigquery/new-format-job-succeeded.json');
    delete entry.protoPayload;
    const result = normalizeLogEntry(entry);
    expect(!result.ok && result.error.code).toBe('missing_field');
  });
});
