import { createHash } from 'node:crypto';
import type { ActionExecutor, ActionOf, ExecutionResult } from '../../core/remediation/actions';
import { describeApiError, formatFailure, invalidAction, resultFromFailure } from './api-errors';
import { DEFAULT_TIMEOUT_MS, LazyAuth, baseUrl, requestJson, type GoogleApiSettings } from './google-client-settings';

export const RERUN_OF_LABEL = 'flexiroaster-rerun-of';
const BIGQUERY_SCOPE = 'https://www.googleapis.com/auth/bigquery';

/**
 * Re-runs a failed BigQuery job with jobs.insert
 * (https://cloud.google.com/bigquery/docs/reference/rest/v2/jobs/insert): the original configuration
 * under a caller-chosen job id. The id is deterministic per action, so BigQuery itself refuses a
 * second insert (409 duplicate) and a redelivered request cannot start the job twice.
 *
 * Calls the REST method through google-auth-library rather than @google-cloud/bigquery: that client
 * sends through teeny-request 10, which loads node-fetch with a dynamic import() that Jest's CommonJS
 * runtime refuses, so its request path could not be exercised by the offline tests. The request
 * here is the exact one BigQuery#createJob builds (same path, jobReference and configuration).
 */
export class BigQueryJobExecutor implements ActionExecutor<'bigquery.rerun_job'> {
  readonly kinds = ['bigquery.rerun_job'] as const;
  private readonly auth: LazyAuth;

  constructor(private readonly settings: GoogleApiSettings = {}) {
    this.auth = new LazyAuth(settings.auth, [BIGQUERY_SCOPE]);
  }

  async execute(action: ActionOf<'bigquery.rerun_job'>): Promise<ExecutionResult> {
    const problem = validate(action);
    if (problem) return invalidAction(problem);
    const jobName = `${action.projectId}:${action.location}.${action.newJobId}`;
    const operation = `bigquery jobs.insert ${jobName}`;
    try {
      const { status, data } = await requestJson(this.auth, {
        method: 'POST',
        url: `${baseUrl(this.settings, 'bigquery.googleapis.com')}/bigquery/v2/projects/${encodeURIComponent(action.projectId)}/jobs`,
        data: {
          jobReference: { projectId: action.projectId, jobId: action.newJobId, location: action.location },
          configuration: { ...action.configuration, labels: rerunLabels(action) },
        },
        timeoutMs: this.settings.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      });
      const errorResult = recordAt(data, 'status', 'errorResult');
      if (errorResult) {
        // Accepted, then DONE with an error before the response (e.g. an invalid query): the job exists.
        const failure = describeApiError({ errors: [errorResult], message: String(errorResult.message ?? 'job failed') });
        return {
          status: 'failed',
          externalId: action.newJobId,
          detail: formatFailure(`${operation} created the job but it`, failure),
          retryable: failure.retryable,
          httpStatus: status,
        };
      }
      const state = recordAt(data, 'status')?.state;
      return {
        status: 'submitted',
        externalId: action.newJobId,
        detail: `jobs.insert accepted job ${jobName} (state ${typeof state === 'string' ? state : 'unknown'}), rerun of ${action.originalJobId}`,
        retryable: false,
        httpStatus: status,
      };
    } catch (error) {
      const failure = describeApiError(error);
      if (failure.httpStatus === 409 && (failure.reason === 'duplicate' || /already exists/i.test(failure.message))) {
        return {
          status: 'submitted',
          externalId: action.newJobId,
          detail: `job ${jobName} already exists: an earlier attempt of this action submitted it (jobs.insert 409 duplicate)`,
          retryable: false,
          httpStatus: 409,
        };
      }
      return resultFromFailure(operation, failure);
    }
  }
}

function validate(action: ActionOf<'bigquery.rerun_job'>): string | undefined {
  // https://cloud.google.com/bigquery/docs/running-jobs#generate-jobid: letters, digits, _ and -, up to 1024.
  if (!/^[A-Za-z0-9_-]{1,1024}$/.test(action.newJobId)) return `newJobId "${action.newJobId}" is not a valid BigQuery job id`;
  const kinds = ['query', 'load', 'copy', 'extract'].filter((key) => key in action.configuration);
  if (kinds.length !== 1) return 'configuration must hold exactly one of query, load, copy, extract';
  return undefined;
}

/**
 * Keeps the original job's labels and adds the lineage label. Label values allow only lowercase
 * letters, digits, _ and - (63 chars), so the original id is folded and, when too long, shortened
 * with a hash to stay unique.
 */
function rerunLabels(action: ActionOf<'bigquery.rerun_job'>): Record<string, string> {
  const original = action.configuration.labels;
  const labels: Record<string, string> = {};
  if (original && typeof original === 'object' && !Array.isArray(original)) {
    for (const [key, value] of Object.entries(original)) if (typeof value === 'string') labels[key] = value;
  }
  return { ...labels, ...(action.labels ?? {}), [RERUN_OF_LABEL]: labelValue(action.originalJobId) };
}

export function labelValue(text: string): string {
  const folded = text.toLowerCase().replace(/[^a-z0-9_-]/g, '_');
  if (folded.length <= 63) return folded;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 8);
  return `${folded.slice(0, 54)}-${hash}`;
}

function recordAt(value: unknown, ...path: string[]): Record<string, unknown> | undefined {
  let current: unknown = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current !== null && typeof current === 'object' && !Array.isArray(current) ? (current as Record<string, unknown>) : undefined;
}
