import { InputRejectedError } from '../domain/errors';
import type { LogEntry } from '../domain/log-entry';
import type { PipelineStatus, StructuredCodes } from '../domain/pipeline-event';
import { type BigQueryJobView, jobIdFromName, readBigQueryJob, type TableRef, tableRef } from './bigquery-job';
import type { SourceFacts } from './build-event';
import { asRecord, asString } from './json';
import { errorText, reportedError } from './rpc-status';

/** bigquery_resource carries the old AuditData; bigquery_project and bigquery_dataset the BigQueryAuditMetadata. */
export const BIGQUERY_RESOURCE_TYPES = ['bigquery_resource', 'bigquery_project', 'bigquery_dataset'] as const;

/**
 * Job labels that name the pipeline, in priority order. `pipeline*` are the team convention;
 * `airflow-dag` / `airflow-task` are added automatically by Airflow's BigQueryInsertJobOperator.
 */
export const BIGQUERY_PIPELINE_LABELS = ['pipeline', 'pipeline_id', 'pipeline-id', 'pipeline_name', 'airflow-dag'] as const;
export const BIGQUERY_STAGE_LABELS = ['stage', 'step', 'airflow-task'] as const;

function firstLabel(labels: Record<string, string>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = asString(labels[key]);
    if (value !== undefined) return value;
  }
  return undefined;
}

/**
 * "project.dataset.table" without partition/snapshot decorators, so a daily load into
 * table$20261121 is the same pipeline every day. Anonymous result datasets ("_..." names) are
 * per-query caches, not pipelines, and are skipped.
 */
function tableName(table: TableRef | undefined): string | undefined {
  if (table === undefined || table.datasetId.startsWith('_')) return undefined;
  const tableId = table.tableId.replace(/[$@].*$/, '');
  return `${table.projectId}.${table.datasetId}.${tableId}`;
}

function statusOf(job: BigQueryJobView | undefined, failed: boolean): PipelineStatus {
  if (failed) return 'failed';
  if (job?.state === 'DONE') return 'succeeded';
  if (job?.state === 'PENDING' || job?.state === 'RUNNING' || job?.inserted === true) return 'running';
  return 'info';
}

export function bigQueryFacts(entry: LogEntry): SourceFacts {
  const proto = asRecord(entry.protoPayload);
  if (proto === undefined) {
    throw new InputRejectedError('missing_field', 'BigQuery LogEntry has no protoPayload (expected a Cloud Audit Log entry)');
  }
  const job = readBigQueryJob(proto);
  // A failed job reports the error on the job and usually repeats it in the AuditLog status.
  const error = job?.error ?? reportedError(proto.status);
  const jobId = job?.jobId ?? jobIdFromName(proto.resourceName)?.jobId;
  const pipelineId =
    firstLabel(job?.labels ?? {}, BIGQUERY_PIPELINE_LABELS) ??
    tableName(job?.destinationTable) ??
    tableName(job?.sourceTable) ??
    // Table events (tableDataChange, tableCreation...) name the table they touched; job events name the job.
    tableName(tableRef(proto.resourceName)) ??
    jobId ??
    asString(proto.resourceName);
  if (pipelineId === undefined) {
    throw new InputRejectedError('missing_field', 'BigQuery audit entry names no job, table or protoPayload.resourceName');
  }
  const codes: StructuredCodes = {};
  if (error?.code !== undefined) codes.rpcCode = error.code;
  if (error?.reason !== undefined) codes.bigqueryReason = error.reason;
  const facts: SourceFacts = { pipelineId, status: statusOf(job, error !== undefined), codes };
  if (jobId !== undefined) facts.runId = jobId;
  const stageId = firstLabel(job?.labels ?? {}, BIGQUERY_STAGE_LABELS);
  if (stageId !== undefined) facts.stageId = stageId;
  const errorMessage = errorText(error);
  if (errorMessage !== undefined) facts.errorMessage = errorMessage;
  if (job?.location !== undefined) facts.location = job.location;
  if (job?.telemetry !== undefined) facts.telemetry = job.telemetry;
  return facts;
}
