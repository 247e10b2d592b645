import { normalizeLogEntry } from '../../../shared/src/core/normalize';
import { loadEntry, normalizeFixture } from './fixture';

const FAILED_EXECUTION = '5b1e9c2a-7d3f-4e8b-a6c0-2f1d9e8b7a61';

describe('Cloud Workflows log normalization', () => {
  it('reads an ExecutionsSystemLog FAILED: message, tag and rpc status from the exception map, step from failure.source', () => {
    const event = normalizeFixture('workflows/system-log-execution-failed.json');
    expect(event).toMatchObject({
      source: 'workflows',
      pipelineId: 'nightly-export',
      runId: FAILED_EXECUTION,
      stageId: 'export_to_gcs',
      status: 'failed',
      codes: { exceptionType: 'HttpError', rpcCode: 7 },
      location: 'europe-west1',
      projectId: 'analytics-prod',
    });
    expect(event.errorMessage).toBe(
      'HTTP server responded with error code 403: Access Denied: Project analytics-prod: User does not have bigquery.jobs.create permission in project analytics-prod.',
    );
  });

  it('reads ACTIVE as running and SUCCEEDED as succeeded for the execution id in the entry labels', () => {
    expect(normalizeFixture('workflows/system-log-execution-started.json')).toMatchObject({ status: 'running', runId: FAILED_EXECUTION });
    expect(normalizeFixture('workflows/system-log-execution-succeeded.json')).toMatchObject({
      status: 'succeeded',
      runId: '0c4d7a91-2b3e-4f56-8a9b-c1d2e3f4a5b6',
    });
  });

  it('reads CANCELLED as cancelled', () => {
    const entry = loadEntry('workflows/system-log-execution-started.json');
    entry.jsonPayload = { message: 'Execution cancelled.', state: 'CANCELLED', activityTime: '2026-11-21T09:10:00Z' };
    const result = normalizeLogEntry(entry);
    expect(result.ok && result.event.status).toBe('cancelled');
  });

  it('keeps a raised string as the error message when the exception is not an error map', () => {
    const entry = loadEntry('workflows/system-log-execution-failed.json');
    (entry.jsonPayload as { failure: Record<string, string> }).failure = { exception: '"partition 2026-11-20 is empty"', source: 'check_rows' };
    const result = normalizeLogEntry(entry);
    expect(result.ok && result.event).toMatchObject({ errorMessage: 'partition 2026-11-20 is empty', stageId: 'check_rows', codes: {} });
  });

  it('accepts the platform-logs spelling of the system log name, executions_system', () => {
    const entry = loadEntry('workflows/system-log-execution-failed.json');
    entry.logName = 'projects/analytics-prod/logs/workflows.googleapis.com%2Fexecutions_system';
    delete (entry.jsonPayload as Record<string, unknown>)['@type'];
    const result = normalizeLogEntry(entry);
    expect(result.ok && result.event.status).toBe('failed');
  });

  it('reads user sys.log lines as info whatever their severity', () => {
    expect(normalizeFixture('workflows/user-log-sys-log.json')).toMatchObject({ status: 'info', runId: FAILED_EXECUTION });
    const entry = loadEntry('workflows/user-log-sys-log.json');
    entry.severity = 'ERROR';
    entry.logName = 'projects/analytics-prod/logs/workflows.googleapis.com%2Fexecutions';
    const result = normalizeLogEntry(entry);
    expect(result.ok && result.event.status).toBe('info');
  });

  it('rejects a Workflows entry without resource.labels.workflow_id as missing_field', () => {
    const entry = loadEntry('workflows/system-log-execution-failed.json');
    entry.resource = { type: 'workflows.googleapis.com/Workflow', labels: { location: 'europe-west1' } };
    const result = normalizeLogEntry(entry);
    expect(!result.ok && result.error.code).toBe('missing_field');
  });
});
