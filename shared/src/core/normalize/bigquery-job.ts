import type { EventTelemetry } from '../domain/run-telemetry';
import { readJobStats } from './bigquery-job-stats';
import { asRecord, asString, at, firstString, isRecord, type JsonRecord, recordAt, stringMap } from './json';
import { reportedError, type ReportedError } from './rpc-status';

export interface TableRef {
  projectId: string;
  datasetId: string;
  tableId: string;
}

/** One BigQuery job as either audit format describes it. Fields are absent when the entry does not say. */
export interface BigQueryJobView {
  jobId?: string;
  location?: string;
  /** PENDING | RUNNING | DONE (both formats use these names). */
  state?: string;
  error?: ReportedError;
  labels: Record<string, string>;
  destinationTable?: TableRef;
  /** The table an extract (export) job reads: such a job writes files, not a table. */
  sourceTable?: TableRef;
  /** The entry records the job being submitted (jobInsertion / jobInsertRequest), not its completion. */
  inserted: boolean;
  /** Timing, bytes, slots and rows from the job statistics, when the entry carries them. */
  telemetry?: EventTelemetry;
}

const JOB_NAME = /(?:^|\/)projects\/([^/]+)\/(?:locations\/([^/]+)\/)?jobs\/([^/]+)$/;
const TABLE_NAME = /(?:^|\/)projects\/([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)$/;

export function jobIdFromName(name: unknown): { jobId: string; location?: string } | undefined {
  const match = JOB_NAME.exec(asString(name) ?? '');
  if (match?.[3] === undefined) return undefined;
  return match[2] === undefined ? { jobId: match[3] } : { jobId: match[3], location: match[2] };
}

/** New format: "projects/P/datasets/D/tables/T"; old format and REST: {projectId, datasetId, tableId}. */
export function tableRef(value: unknown): TableRef | undefined {
  if (isRecord(value)) {
    const projectId = asString(value.projectId);
    const datasetId = asString(value.datasetId);
    const tableId = asString(value.tableId);
    return projectId && datasetId && tableId ? { projectId, datasetId, tableId } : undefined;
  }
  const match = TABLE_NAME.exec(asString(value) ?? '');
  if (match?.[1] === undefined || match[2] === undefined || match[3] === undefined) return undefined;
  return { projectId: match[1], datasetId: match[2], tableId: match[3] };
}

/** Job identity: new format string jobName, old format JobName object, or a REST jobReference. */
function readJobId(job: JsonRecord): { jobId?: string; location?: string } {
  const fromString = jobIdFromName(job.jobName);
  if (fromString !== undefined) return fromString;
  const reference = asRecord(job.jobName) ?? asRecord(job.jobReference);
  const jobId = asString(reference?.jobId);
  const location = asString(reference?.location);
  return { ...(jobId ? { jobId } : {}), ...(location ? { location } : {}) };
}

function readDestination(config: JsonRecord | undefined): TableRef | undefined {
  for (const key of ['queryConfig', 'loadConfig', 'tableCopyConfig', 'query', 'load', 'tableCopy', 'copy']) {
    const destination = tableRef(at(config, key, 'destinationTable'));
    if (destination !== undefined) return destination;
  }
  return undefined;
}

function readSource(config: JsonRecord | undefined): TableRef | undefined {
  return tableRef(at(config, 'extractConfig', 'sourceTable')) ?? tableRef(at(config, 'extract', 'sourceTable'));
}

/** At most this many errors[] entries are appended to the error; BigQuery lists the first few anyway. */
const MAX_LISTED_ERRORS = 5;

/**
 * errorResult (new format and REST) or error (old format) is often only a headline such as "CSV table
 * encountered too many errors ... Please look into the errors[] collection for more details"; the
 * cause is in errors[] / additionalErrors. Distinct messages from there follow the headline, one a line.
 */
function withListedErrors(error: ReportedError, status: JsonRecord | undefined): ReportedError {
  const listed = [status?.errors, status?.additionalErrors].flatMap((value) => (Array.isArray(value) ? value : []));
  const seen = new Set(error.message === undefined ? [] : [error.message]);
  const extra: string[] = [];
  for (const item of listed) {
    const message = asString(asRecord(item)?.message);
    if (message === undefined || seen.has(message)) continue;
    seen.add(message);
    extra.push(message);
    if (extra.length === MAX_LISTED_ERRORS) break;
  }
  if (extra.length === 0) return error;
  return { ...error, message: [error.message, ...extra].filter((line) => line !== undefined).join('\n') };
}

function readJob(job: JsonRecord, stateOverride: unknown, inserted: boolean): BigQueryJobView {
  const config = recordAt(job, 'jobConfig') ?? recordAt(job, 'jobConfiguration') ?? recordAt(job, 'configuration');
  const status = recordAt(job, 'jobStatus') ?? recordAt(job, 'status');
  const view: BigQueryJobView = { ...readJobId(job), labels: stringMap(config?.labels), inserted };
  const state = firstString(stateOverride, status?.jobState, status?.state);
  if (state !== undefined) view.state = state.toUpperCase();
  const error = reportedError(status?.errorResult) ?? reportedError(status?.error);
  if (error !== undefined) view.error = withListedErrors(error, status);
  const destination = readDestination(config);
  if (destination !== undefined) view.destinationTable = destination;
  const source = readSource(config);
  if (source !== undefined) view.sourceTable = source;
  const telemetry = readJobStats(job);
  if (telemetry !== undefined) view.telemetry = telemetry;
  return view;
}

/** BigQueryAuditMetadata sometimes arrives as `metadataJson` (a string) when re-exported from a sink table. */
function metadataOf(proto: JsonRecord): JsonRecord | undefined {
  const metadata = asRecord(proto.metadata);
  if (metadata !== undefined) return metadata;
  const text = asString(proto.metadataJson);
  if (text === undefined) return undefined;
  try {
    return asRecord(JSON.parse(text));
  } catch {
    return undefined;
  }
}

function fromNewFormat(metadata: JsonRecord): BigQueryJobView | undefined {
  const change = asRecord(metadata.jobChange);
  const changedJob = asRecord(change?.job);
  if (change !== undefined && changedJob !== undefined) return readJob(changedJob, change.after, false);
  const insertedJob = recordAt(metadata, 'jobInsertion', 'job');
  if (insertedJob !== undefined) return readJob(insertedJob, undefined, true);
  // Table, dataset and deletion events only point at the job that caused them.
  for (const event of Object.values(metadata)) {
    const jobRef = jobIdFromName(at(event, 'jobName'));
    if (jobRef !== undefined) return { ...jobRef, labels: {}, inserted: false };
  }
  return undefined;
}

function fromOldFormat(serviceData: JsonRecord): BigQueryJobView | undefined {
  const completed = recordAt(serviceData, 'jobCompletedEvent', 'job');
  if (completed !== undefined) return readJob(completed, undefined, false);
  const inserted = recordAt(serviceData, 'jobInsertResponse', 'resource') ?? recordAt(serviceData, 'jobInsertRequest', 'resource');
  if (inserted !== undefined) return readJob(inserted, undefined, true);
  for (const key of ['jobQueryResponse', 'jobGetQueryResultsResponse', 'jobQueryDoneResponse']) {
    const job = recordAt(serviceData, key, 'job');
    if (job !== undefined) return readJob(job, undefined, false);
  }
  return undefined;
}

/** Reads the job out of an AuditLog protoPayload: BigQueryAuditMetadata (new) first, then AuditData (old). */
export function readBigQueryJob(proto: JsonRecord): BigQueryJobView | undefined {
  const metadata = metadataOf(proto);
  const serviceData = asRecord(proto.serviceData);
  return (metadata && fromNewFormat(metadata)) ?? (serviceData && fromOldFormat(serviceData));
}
