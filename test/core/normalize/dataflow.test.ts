import { normalizeLogEntry } from '../../../shared/src/core/normalize';
import { loadEntry, normalizeFixture } from './fixture';

describe('Dataflow log normalization', () => {
  it('fails the run on a job-message "Workflow failed. Causes:" and keeps only the cause as the error', () => {
    const event = normalizeFixture('dataflow/job-message-workflow-failed-stuck.json');
    expect(event).toMatchObject({
      source: 'dataflow',
      pipelineId: 'events-enrichment-stream',
      runId: '2026-11-20_22_10_03-8204817342987614213',
      status: 'failed',
      codes: { dataflowJobState: 'JOB_STATE_FAILED' },
      location: 'us-central1',
      projectId: 'analytics-prod',
    });
    expect(event.errorMessage).toMatch(/^The Dataflow job appears to be stuck because no worker activity has been seen in the last 1h\./);
    expect(event.stageId).toBeUndefined();
  });

  it('takes the failed stage from "Causes: S04:..." as the stageId', () => {
    const event = normalizeFixture('dataflow/job-message-workflow-failed-stage.json');
    expect(event).toMatchObject({ pipelineId: 'orders-backfill-batch', stageId: 'S04', status: 'failed' });
    expect(event.errorMessage).toMatch(/^S04:Read orders\/Read\+Parse JSON/);
  });

  it('treats a bare "Workflow failed." as a failure whose message is the text itself', () => {
    const entry = loadEntry('dataflow/job-message-workflow-failed-stuck.json');
    entry.textPayload = 'Workflow failed.';
    const result = normalizeLogEntry(entry);
    expect(result.ok && result.event).toMatchObject({ status: 'failed', errorMessage: 'Workflow failed.' });
  });

  it('marks the success step as a succeeded run with JOB_STATE_DONE', () => {
    expect(normalizeFixture('dataflow/job-message-success-step.json')).toMatchObject({
      status: 'succeeded',
      codes: { dataflowJobState: 'JOB_STATE_DONE' },
      severity: 'DEBUG',
    });
  });

  it('reads teardown lines such as "Worker pool stopped." as info: they follow success and failure alike', () => {
    const event = normalizeFixture('dataflow/job-message-worker-pool-stopped.json');
    expect(event.status).toBe('info');
    expect(event.errorMessage).toBeUndefined();
  });

  it.each([
    ['Workers have started successfully.', 'running'],
    ['Autoscaling: Raised the number of workers to 4 based on the rate of progress in the currently running stage(s).', 'running'],
    ['Cancel request is committed for workflow job: 2026-11-21_07_02_44-1190283341120039471.', 'cancelled'],
    ['Job 2026-11-21_07_02_44-1190283341120039471 is in state JOB_STATE_DRAINED', 'cancelled'],
  ])('reads the job message %j as %s', (text, status) => {
    const entry = loadEntry('dataflow/job-message-worker-pool-stopped.json');
    entry.textPayload = text;
    const result = normalizeLogEntry(entry);
    expect(result.ok && result.event.status).toBe(status);
  });

  it('reads a Java worker error with its stack: step as stage, root cause as exception type', () => {
    const event = normalizeFixture('dataflow/worker-java-out-of-memory.json');
    expect(event).toMatchObject({
      pipelineId: 'orders-backfill-batch',
      runId: '2026-11-21_01_00_12-5562901184420937735',
      stageId: 'Enrich with customers',
      status: 'failed',
      codes: { exceptionType: 'java.lang.OutOfMemoryError' },
    });
    expect(event.errorMessage).toContain('Caused by: java.lang.OutOfMemoryError: Java heap space');
  });

  it('reads a Python harness traceback and names the last raised exception', () => {
    const event = normalizeFixture('dataflow/harness-python-module-not-found.json');
    expect(event).toMatchObject({ status: 'failed', codes: { exceptionType: 'ModuleNotFoundError' } });
    expect(event.errorMessage).toContain("No module named 'orjson'");
  });

  it('keeps a worker INFO line as info, but an OOM kill reported at INFO as a failure', () => {
    const entry = loadEntry('dataflow/worker-java-out-of-memory.json');
    entry.severity = 'INFO';
    entry.jsonPayload = { message: 'Finished processing stage F12 with 0 errors', stage: 'F12' };
    const info = normalizeLogEntry(entry);
    expect(info.ok && info.event.status).toBe('info');
    entry.logName = 'projects/analytics-prod/logs/dataflow.googleapis.com%2Fkubelet';
    entry.jsonPayload = { message: 'Memory cgroup out of memory: Killed process 2231 (java) total-vm:9411112kB, anon-rss:7340032kB' };
    const killed = normalizeLogEntry(entry);
    expect(killed.ok && killed.event.status).toBe('failed');
  });

  it('rejects a dataflow_step entry that names no job as missing_field', () => {
    const entry = loadEntry('dataflow/job-message-worker-pool-stopped.json');
    entry.resource = { type: 'dataflow_step', labels: { project_id: 'analytics-prod' } };
    entry.labels = {};
    const result = normalizeLogEntry(entry);
    expect(!result.ok && result.error.code).toBe('missing_field');
  });
});
