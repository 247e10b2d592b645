import { normalizeLogEntry } from '../../../shared/src/core/normalize';
import { loadEntry, normalizeFixture } from './fixture';

const RUN = '2026-11-21T03:00:00+00:00';

describe('Cloud Composer (Airflow) log normalization', () => {
  it('reads "Marking task as FAILED" with the DAG, run and task from the Composer labels', () => {
    const event = normalizeFixture('composer/worker-marking-task-failed.json');
    expect(event).toMatchObject({
      source: 'composer',
      pipelineId: 'sales_daily',
      runId: RUN,
      stageId: 'load_orders',
      status: 'failed',
      location: 'us-central1',
      projectId: 'analytics-prod',
      resourceLabels: { environment_name: 'prod-composer-2' },
    });
    expect(event.errorMessage).toMatch(/^Marking task as FAILED\. dag_id=sales_daily/);
  });

  it('gives the later successful retry the same pipeline, run and stage as the failure', () => {
    const failed = normalizeFixture('composer/worker-marking-task-failed.json');
    const succeeded = normalizeFixture('composer/worker-marking-task-success.json');
    expect(succeeded).toMatchObject({ status: 'succeeded', pipelineId: failed.pipelineId, runId: failed.runId, stageId: failed.stageId });
    expect(succeeded.errorMessage).toBeUndefined();
  });

  it('falls back to the text of the line when the labels are missing, in every spelling of the run', () => {
    for (const path of ['composer/worker-marking-task-failed.json', 'composer/worker-marking-task-success.json']) {
      const entry = loadEntry(path);
      delete entry.labels;
      const result = normalizeLogEntry(entry);
      expect(result.ok && result.event).toMatchObject({ pipelineId: 'sales_daily', runId: RUN, stageId: 'load_orders' });
    }
    // The scheduler only writes run_id=scheduled__<logical date>.
    expect(normalizeFixture('composer/scheduler-taskinstance-finished.json')).toMatchObject({
      pipelineId: 'sales_daily',
      runId: RUN,
      stageId: 'load_orders',
      status: 'succeeded',
    });
  });

  it('keeps the signal and the negative exit code of a task killed with Negsignal.SIGKILL', () => {
    const event = normalizeFixture('composer/worker-task-exited-sigkill.json');
    expect(event).toMatchObject({
      pipelineId: 'ml_features_hourly',
      runId: '2026-11-21T04:00:00+00:00',
      stageId: 'build_feature_matrix',
      status: 'failed',
      codes: { signal: 'SIGKILL', airflowExitCode: -9 },
      errorMessage: 'Task exited with return code Negsignal.SIGKILL',
    });
  });

  it.each([
    ['Task exited with return code 1', 'failed', { airflowExitCode: 1 }],
    ['Task exited with return code 0', 'succeeded', { airflowExitCode: 0 }],
    ['Task exited with return code -15', 'failed', { airflowExitCode: -15, signal: 'SIGTERM' }],
  ])('reads %j as %s with its exit code', (text, status, codes) => {
    const entry = loadEntry('composer/worker-task-exited-sigkill.json');
    entry.textPayload = text;
    const result = normalizeLogEntry(entry);
    expect(result.ok && result.event).toMatchObject({ status, codes });
  });

  it('reads an ERROR traceback as a failure and names the Airflow exception', () => {
    const event = normalizeFixture('composer/worker-task-timeout-traceback.json');
    expect(event).toMatchObject({
      pipelineId: 'partner_feed_import',
      stageId: 'wait_for_partner_file',
      status: 'failed',
      codes: { exceptionType: 'airflow.exceptions.AirflowTaskTimeout' },
    });
  });

  it('reads "Broken DAG: [file]" as a failure of that DAG file, with the import error as cause', () => {
    const event = normalizeFixture('composer/dag-processor-broken-dag.json');
    expect(event).toMatchObject({
      pipelineId: 'marketing/attribution.py',
      runId: '/home/airflow/gcs/dags/marketing/attribution.py',
      status: 'failed',
      codes: { exceptionType: 'ModuleNotFoundError' },
    });
    expect(event.stageId).toBeUndefined();
    expect(event.errorMessage).toContain("No module named 'pandas_gbq'");
  });

  it('numbers a mapped task instance as its own stage', () => {
    const entry = loadEntry('composer/worker-marking-task-failed.json');
    (entry.labels as Record<string, string>)['map-index'] = '2';
    const result = normalizeLogEntry(entry);
    expect(result.ok && result.event.stageId).toBe('load_orders[2]');
  });

  it('reads webserver and triggerer lines without a DAG as environment-level info', () => {
    const entry = loadEntry('composer/dag-processor-broken-dag.json');
    entry.logName = 'projects/analytics-prod/logs/airflow-webserver';
    entry.severity = 'INFO';
    entry.textPayload = '10.12.0.5 - - [21/Nov/2026:09:00:00 +0000] "GET /health HTTP/1.1" 200 187 "-" "kube-probe/1.29"';
    const result = normalizeLogEntry(entry);
    expect(result.ok && result.event).toMatchObject({ pipelineId: 'prod-composer-2', status: 'info', runId: '1q2w3e4r5t6y7u' });
  });
});
