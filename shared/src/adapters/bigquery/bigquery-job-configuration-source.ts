import type { BigQuery } from '@google-cloud/bigquery';
import { PermanentStoreError, TransientStoreError } from '../../core/domain/errors';
import type { JsonObject, JsonValue } from '../../core/domain/log-entry';
import type { BigQueryJobReference, JobConfigurationSource, OriginalBigQueryJob } from '../../core/remediation/ports';
import { describeApiError, formatFailure } from '../executors/api-errors';
import { withDeadline } from '../executors/google-client-settings';

export interface BigQueryJobConfigurationSourceOptions {
  /** From createBigQueryClient; jobs of other projects are read through it too (the project goes in the path). */
  client: BigQuery;
  /** Deadline of one jobs.get; default 30 s. */
  timeoutMs?: number;
}

const JOB_KINDS = ['query', 'load', 'copy', 'extract'] as const;
/**
 * Top-level JobConfiguration fields a rerun keeps besides the job itself. jobTimeoutMs is the owner's
 * cost and time guard and counts from the new job's creation, so it stays; reservation is where the
 * owner chose to run it. Dropped: dryRun (a rerun must run), jobType (output only), maxSlots (internal),
 * and anything newer that nobody has judged safe to repeat.
 */
const KEPT_FIELDS = ['labels', 'jobTimeoutMs', 'reservation'] as const;

// The same shapes the rerun executor accepts; anything else could change the request path.
const PROJECT_ID = /^[A-Za-z0-9.:_-]{1,128}$/;
const JOB_ID = /^[A-Za-z0-9_-]{1,1024}$/;
const LOCATION = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * JobConfigurationSource on BigQuery jobs.get
 * (GET /bigquery/v2/projects/{projectId}/jobs/{jobId}?location={location}) through @google-cloud/bigquery,
 * returning the part of job.configuration a rerun needs (see rerunConfiguration).
 *
 * null when there is nothing to rerun from: the job is not found (gone after six months, or never
 * existed at that location), the id cannot name a job, or the job holds no query/load/copy/extract.
 * TransientStoreError for what the one list of retryable codes calls retryable (429, 5xx, rate-limit
 * reasons, timeouts) and for calls that got no answer; PermanentStoreError otherwise (e.g. 403 when the
 * service account may not read other users' jobs), because repeating the same call cannot help.
 */
export class BigQueryJobConfigurationSource implements JobConfigurationSource {
  constructor(private readonly options: BigQueryJobConfigurationSourceOptions) {}

  /** The failed job as jobs.get returns it: what a rerun would submit, the statement type BigQuery saw, and user_email. */
  async originalJob(job: BigQueryJobReference): Promise<OriginalBigQueryJob | null> {
    const metadata = await this.jobMetadata(job);
    if (metadata === null || !isObject(metadata)) return null;
    const configuration = rerunConfiguration(metadata.configuration);
    if (configuration === null) return null;
    const statistics = isObject(metadata.statistics) && isObject(metadata.statistics.query) ? metadata.statistics.query : {};
    const original: OriginalBigQueryJob = {
      configuration,
      referencedTables: (Array.isArray(statistics.referencedTables) ? statistics.referencedTables : []).flatMap((table) =>
        isObject(table) && typeof table.projectId === 'string' && typeof table.datasetId === 'string' && typeof table.tableId === 'string'
          ? [`${table.projectId}.${table.datasetId}.${table.tableId}`]
          : [],
      ),
    };
    if (typeof statistics.statementType === 'string') original.statementType = statistics.statementType;
    if (typeof metadata.user_email === 'string' && metadata.user_email !== '') original.principal = metadata.user_email;
    return original;
  }

  async jobConfiguration(job: BigQueryJobReference): Promise<JsonObject | null> {
    const metadata = await this.jobMetadata(job);
    return metadata === null ? null : rerunConfiguration(isObject(metadata) ? metadata.configuration : undefined);
  }

  private async jobMetadata(job: BigQueryJobReference): Promise<unknown> {
    if (!PROJECT_ID.test(job.projectId) || !JOB_ID.test(job.jobId) || (job.location !== undefined && !LOCATION.test(job.location))) return null;
    const name = `${job.projectId}:${job.location ?? '(default location)'}.${job.jobId}`;
    let metadata: unknown;
    try {
      // @google-cloud/common sends the request unauthenticated when no credentials are found; resolving them first keeps that a failed call.
      await this.options.client.authClient.getClient();
      const handle = this.options.client.job(job.jobId, { projectId: job.projectId, ...(job.location === undefined ? {} : { location: job.location }) });
      [metadata] = await withDeadline(handle.getMetadata(), this.options.timeoutMs === undefined ? {} : { timeoutMs: this.options.timeoutMs });
    } catch (error) {
      const failure = describeApiError(error);
      if (failure.httpStatus === 404) return null;
      const text = formatFailure(`bigquery jobs.get ${name}`, failure);
      if (failure.retryable || failure.httpStatus === undefined) throw new TransientStoreError(text, { cause: error });
      throw new PermanentStoreError(text, [{ rowId: job.jobId, reason: failure.reason ?? failure.status ?? String(failure.httpStatus), message: failure.message }], { cause: error });
    }
    return metadata;
  }
}

/**
 * What a rerun submits, from a job's JobConfiguration as jobs.get returns it: exactly one of
 * query/load/copy/extract plus labels, jobTimeoutMs and reservation; null when there is no such job
 * to repeat. For a query whose results went to the anonymous table BigQuery created for it (a dataset
 * id starting with "_"), that destination and its dispositions are dropped: they were filled in by
 * BigQuery, not chosen, and the rerun gets an anonymous table of its own.
 */
export function rerunConfiguration(configuration: unknown): JsonObject | null {
  if (!isObject(configuration)) return null;
  const kinds = JOB_KINDS.filter((kind) => isObject(configuration[kind]));
  if (kinds.length !== 1) return null;
  const kind = kinds[0] as (typeof JOB_KINDS)[number];
  const body = configuration[kind] as JsonObject;
  const rerun: JsonObject = { [kind]: kind === 'query' ? withoutAnonymousDestination(body) : body };
  for (const field of KEPT_FIELDS) {
    const value = configuration[field];
    if (value !== undefined && value !== null) rerun[field] = value;
  }
  return rerun;
}

function withoutAnonymousDestination(query: JsonObject): JsonObject {
  const destination = query.destinationTable;
  if (!isObject(destination) || typeof destination.datasetId !== 'string' || !destination.datasetId.startsWith('_')) return query;
  const { destinationTable: _anonymous, writeDisposition: _write, createDisposition: _create, ...rest } = query;
  return rest;
}

function isObject(value: unknown): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
