import { createHash } from 'node:crypto';
import type { BigQuery, JobOptions } from '@google-cloud/bigquery';
import { recordAt } from '../../core/normalize/json';
import type { ActionExecutor, ActionOf, ExecutionResult } from '../../core/remediation/actions';
import { createBigQueryClient } from '../bigquery/bigquery-client';
import { describeApiError, formatFailure, invalidAction, resultFromFailure } from './api-errors';
import { baseUrl, withDeadline, type GoogleApiSettings } from './google-client-settings';

export const RERUN_OF_LABEL = 'flexiroaster-rerun-of';

/** What BigQuery#createJob hands its callback: the error, if any, and the jobs.insert response body. */
interface CreateJobOutcome {
  error: unknown;
  response: unknown;
}

/**
 * Re-runs a failed BigQuery job with jobs.insert
 * (https://cloud.google.com/bigquery/docs/reference/rest/v2/jobs/insert) through @google-cloud/bigquery:
 * the original configuration under a caller-chosen job id. The id is deterministic per action, so
 * BigQuery itself refuses a second insert (409 duplicate) and a redelivered request cannot start the
 * job twice.
 *
 * BigQuery#createJob builds the request as POST {apiEndpoint}/bigquery/v2/projects/{client projectId}/jobs
 * with jobReference { projectId: client projectId, jobId: options.jobId (prefixed by jobPrefix when
 * given; a random UUID when absent), location: options.location ?? client location }. Every field it
 * does not consume is sent as it is, so the options carry only jobId, location and configuration
 * (a `projectId` option would land in the body, not the URL). The project therefore comes from the
 * client, and one client is kept per target project. Library retries are off (one attempt; the
 * remediate use case retries from `retryable`), and because a caller-chosen jobId is set, createJob
 * passes a 409 back instead of treating it as its own earlier attempt.
 */
export class BigQueryJobExecutor implements ActionExecutor<'bigquery.rerun_job'> {
  readonly kinds = ['bigquery.rerun_job'] as const;
  private readonly clients = new Map<string, BigQuery>();

  constructor(private readonly settings: GoogleApiSettings = {}) {}

  async execute(action: ActionOf<'bigquery.rerun_job'>): Promise<ExecutionResult> {
    const problem = validate(action);
    if (problem) return invalidAction(problem);
    const jobName = `${action.projectId}:${action.location}.${action.newJobId}`;
    const operation = `bigquery jobs.insert ${jobName}`;
    const options: JobOptions = {
      jobId: action.newJobId,
      location: action.location,
      configuration: { ...action.configuration, labels: rerunLabels(action) },
    };
    let outcome: CreateJobOutcome;
    try {
      outcome = await withDeadline(this.createJob(action.projectId, options), this.settings);
    } catch (error) {
      // No credentials, or the deadline passed (then the job may or may not exist).
      return resultFromFailure(operation, describeApiError(error));
    }

    const errorResult = recordAt(outcome.response, 'status', 'errorResult');
    if (errorResult) {
      // Accepted, then DONE with an error before the response (e.g. an invalid query): the job exists.
      const failure = describeApiError({ errors: [errorResult], message: String(errorResult.message ?? 'job failed') });
      return {
        status: 'failed',
        externalId: action.newJobId,
        detail: formatFailure(`${operation} created the job but it`, failure),
        retryable: failure.retryable,
        httpStatus: 200,
      };
    }
    // createJob also raises an error for status.errors without an errorResult; those are not fatal
    // (https://cloud.google.com/bigquery/docs/reference/rest/v2/Job#JobStatus), so a response that
    // names the job counts as accepted.
    const accepted = recordAt(outcome.response, 'jobReference') !== undefined;
    if (outcome.error === null || outcome.error === undefined || accepted) {
      const state = recordAt(outcome.response, 'status')?.state;
      return {
        status: 'submitted',
        externalId: action.newJobId,
        detail: `jobs.insert accepted job ${jobName} (state ${typeof state === 'string' ? state : 'unknown'}), rerun of ${action.originalJobId}`,
        retryable: false,
        httpStatus: 200,
      };
    }
    const failure = describeApiError(errorWithBody(outcome));
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

  private async createJob(projectId: string, options: JobOptions): Promise<CreateJobOutcome> {
    const client = this.client(projectId);
    // @google-cloud/common sends the request unauthenticated when Application Default Credentials
    // cannot be found ("the API might not care"); resolving them first keeps that a failed call
    // that never leaves the process.
    await client.authClient.getClient();
    return createJob(client, options);
  }

  private client(projectId: string): BigQuery {
    let client = this.clients.get(projectId);
    if (!client) {
      client = createBigQueryClient({
        projectId,
        ...(this.settings.apiEndpoint !== undefined ? { apiEndpoint: baseUrl(this.settings, 'bigquery.googleapis.com') } : {}),
        ...(this.settings.auth !== undefined ? { authClient: this.settings.auth } : {}),
        maxRetries: 0,
      });
      this.clients.set(projectId, client);
    }
    return client;
  }
}

/**
 * The callback form, because the promise form drops the response body when createJob reports an
 * error for a job that was created (status.errors), and that body says whether the job exists.
 */
function createJob(client: BigQuery, options: JobOptions): Promise<CreateJobOutcome> {
  return new Promise((resolve) => {
    client.createJob(options, (error, _job, response) => resolve({ error, response }));
  });
}

/**
 * @google-cloud/common's ApiError keeps the HTTP code, message and errors[] but not the google.rpc
 * status name (PERMISSION_DENIED, ...), which the parsed error body handed to the callback still has.
 * Only those facts are passed on: the ApiError's `response` is the raw HTTP exchange, request headers included.
 */
function errorWithBody({ error, response }: CreateJobOutcome): unknown {
  const body = recordAt(response, 'error');
  if (!body || error === null || typeof error !== 'object') return error;
  const { code, message, errors } = error as { code?: unknown; message?: unknown; errors?: unknown };
  return { code, message, errors, response: { status: typeof code === 'number' ? code : body.code, data: { error: body } } };
}

function validate(action: ActionOf<'bigquery.rerun_job'>): string | undefined {
  // Both end up in the request path or jobReference as they are; refuse anything that could change the path.
  if (!/^[A-Za-z0-9.:_-]{1,128}$/.test(action.projectId)) return `projectId "${action.projectId}" is not a valid project id`;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(action.location)) return `location "${action.location}" is not a valid BigQuery location`;
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
