import { checkBigQueryRerun } from '../bigquery-rerun-policy';
import { keySuffix, notApplicable, type Strategy } from './types';

const JOB_ID_CHARS = /[^A-Za-z0-9_-]/g;
/** BigQuery allows 1,024 characters; the original id is shortened so the suffix always fits. */
const MAX_BASE = 900;

/**
 * Re-submits the failed job's own configuration. BigQuery jobs are atomic (a failed job wrote
 * nothing), so a rerun is safe; the new job id is derived from the action key, so a redelivered
 * request makes BigQuery refuse the duplicate instead of running the job twice.
 */
export const retryBigQueryJob: Strategy = ({ request, actionKey, registration }) => {
  const { event, originalJob } = request;
  if (event.projectId === undefined) return notApplicable('the event names no project for the BigQuery job');
  if (event.location === undefined) return notApplicable('the event names no BigQuery location for the job');
  if (registration.source !== 'bigquery' || registration.bigquery === undefined) {
    return notApplicable(`pipeline ${event.pipelineId} has no BigQuery registration: its jobs are never re-run under the remediation account`);
  }
  if (originalJob === undefined) return notApplicable('the original job is unavailable (jobs.get found nothing)');
  const verdict = checkBigQueryRerun(originalJob, registration.bigquery, event.projectId);
  if (!verdict.allowed) return notApplicable(`not re-run: ${verdict.why}`);
  const newJobId = `${event.runId.replace(JOB_ID_CHARS, '_').slice(0, MAX_BASE)}_flexiroaster_${keySuffix(actionKey)}`;
  return {
    kind: 'act',
    action: {
      kind: 'bigquery.rerun_job',
      projectId: event.projectId,
      location: event.location,
      originalJobId: event.runId,
      newJobId,
      configuration: originalJob.configuration,
      originalPrincipal: originalJob.principal ?? null,
      labels: { flexiroaster_action: keySuffix(actionKey, 32), flexiroaster_retry_of: labelValue(event.runId) },
    },
    createdRunId: newJobId,
    detail: `rerun BigQuery job ${event.runId} as ${newJobId} with its original configuration (${verdict.detail})`,
  };
};

/** Label values: lowercase letters, digits, _ and -, at most 63 characters. */
function labelValue(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9_-]/g, '_').slice(0, 63);
}
