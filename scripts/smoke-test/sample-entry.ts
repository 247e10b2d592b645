import type { LogEntry } from '../../shared/src/core/domain/log-entry';

/** Pipeline name of every smoke-test event; the shipped policy denies it, so nothing is remediated. */
export const SMOKE_PIPELINE = 'flexiroaster-smoke-test';

/**
 * A Dataflow job-message failure as the log sink delivers it (the documented LogEntry shape), unique
 * per run through its insertId and job id, so each run stores one new event.
 */
export function smokeLogEntry(projectId: string, runId: string, at: Date): LogEntry {
  const jobId = `${at.toISOString().slice(0, 10).replace(/-/g, '_')}_smoke-${runId}`;
  return {
    insertId: `flexiroaster-smoke-${runId}`,
    logName: `projects/${projectId}/logs/dataflow.googleapis.com%2Fjob-message`,
    resource: {
      type: 'dataflow_step',
      labels: { job_id: jobId, job_name: SMOKE_PIPELINE, project_id: projectId, region: 'us-central1', step_id: '' },
    },
    timestamp: at.toISOString(),
    receiveTimestamp: at.toISOString(),
    severity: 'ERROR',
    labels: {
      'dataflow.googleapis.com/job_id': jobId,
      'dataflow.googleapis.com/job_name': SMOKE_PIPELINE,
      'dataflow.googleapis.com/log_type': 'system',
      'dataflow.googleapis.com/region': 'us-central1',
    },
    textPayload:
      'Workflow failed. Causes: S01:Read+Write failed., The job failed because a work item has failed 4 times. Root cause: The worker lost contact with the service.',
  };
}
