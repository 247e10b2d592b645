import type { BigQuery, Job, JobOptions } from '@google-cloud/bigquery';
import { PermanentStoreError, TransientStoreError } from '../../core/domain/errors';
import { checkStorableEntries, entriesFromRows, toKnowledgeBaseRow, type KnowledgeRowProblem } from '../../core/knowledge/knowledge-base-rows';
import type { KnowledgeBaseStore, KnowledgeQuery, LearningCommit, StoredKnowledgeEntry, UpsertSummary } from '../../core/knowledge/knowledge-base-store';
import type { KnowledgeEntry } from '../../core/knowledge/knowledge-entry';
import type { LearningChange } from '../../core/knowledge/learn-from-resolution';
import type { Clock } from '../../core/ports/clock';
import { recordAt, stringAt } from '../../core/normalize/json';
import { KNOWLEDGE_BASE_TABLE, type FieldType, type KnowledgeBaseRow } from '../../core/schema/tables';
import { describeApiError } from '../executors/api-errors';

export interface BigQueryKnowledgeBaseStoreOptions {
  /** From createBigQueryClient; its projectId is the dataset's project. Client retries should be off (maxRetries 0). */
  client: BigQuery;
  datasetId: string;
  clock: Clock;
  /** Default: the schema definition's name (what Terraform creates). */
  tableId?: string;
  /** Location of the dataset, where the DML jobs must run; default the client's location. */
  location?: string;
  /** First wait between jobs.get polls of a DML job; doubles up to 1 s. Default 250 ms. */
  pollIntervalMs?: number;
  /** How long to wait for a DML job to finish before reporting a (retryable) timeout. Default 120 s. */
  jobTimeoutMs?: number;
}

/**
 * Query parameters travel in the jobs.insert request body, which the API caps at 10 MB; past this
 * the upsert is refused as a whole rather than split, because splitting would break all-or-nothing.
 */
export const MAX_PARAMETER_BYTES = 8 * 1024 * 1024;

/**
 * ErrorProto reasons of a failed job that describe BigQuery's state or the deployment (a missing table,
 * a missing grant), not the statement: the same call may succeed later, as for the event store.
 */
const TRANSIENT_JOB_REASONS = new Set(['backendError', 'internalError', 'rateLimitExceeded', 'jobRateLimitExceeded', 'jobBackendError', 'jobInternalError', 'quotaExceeded', 'timeout', 'notFound', 'accessDenied']);
/** Another DML statement changed the table between this one's snapshot and its commit. */
const CONCURRENT_UPDATE = /concurrent update|could not serialize access/i;

const BIGQUERY_TYPES: Record<FieldType, string> = {
  STRING: 'STRING',
  INTEGER: 'INT64',
  FLOAT: 'FLOAT64',
  BOOLEAN: 'BOOL',
  TIMESTAMP: 'TIMESTAMP',
  JSON: 'JSON',
};

/** Every column but the timestamps, which the statements set from @now / @learned_at. */
const ENTRY_FIELDS = KNOWLEDGE_BASE_TABLE.fields.filter((field) => field.type !== 'TIMESTAMP');
const ENTRY_COLUMNS = ENTRY_FIELDS.map((field) => field.name);

/**
 * KnowledgeBaseStore on BigQuery.
 *
 * Read: tabledata.list (`Table#getRows`, which first reads the table schema with tables.get to
 * type the cells): no query job, no bytes billed, and it sees committed DML at once.
 *
 * Write: one MERGE statement per upsert, run as a query job (jobs.insert, then jobs.get until DONE)
 * with the validated entries as an ARRAY<STRUCT> query parameter. Chosen over a WRITE_TRUNCATE load
 * job because an upsert must keep the entries it is not given (learned ones) and their created_at,
 * which a truncating load can only do by reading, merging and rewriting the whole table — and a
 * learning commit landing between that read and the load would be lost. A single DML statement is
 * atomic (BigQuery DML is ACID under snapshot isolation: all rows or none) and keyed on id, so it is
 * idempotent: re-running it after a timeout of unknown outcome leaves the same rows (only
 * updated_at moves). Conflicting concurrent DML on the table fails the statement as a whole
 * ("concurrent update"), reported as TransientStoreError.
 * https://cloud.google.com/bigquery/docs/reference/standard-sql/dml-syntax#merge_statement
 * https://cloud.google.com/bigquery/docs/data-manipulation-language#dml_statement_conflicts
 *
 * Learning commits are one conditional UPDATE (or an INSERT-only MERGE for a new entry) whose
 * affected-row count says applied (1) or conflict (0).
 */
export class BigQueryKnowledgeBaseStore implements KnowledgeBaseStore {
  private readonly tableId: string;

  constructor(private readonly options: BigQueryKnowledgeBaseStoreOptions) {
    this.tableId = options.tableId ?? KNOWLEDGE_BASE_TABLE.name;
    for (const [name, value] of [
      ['datasetId', options.datasetId],
      ['tableId', this.tableId],
    ] as const) {
      if (!/^[A-Za-z0-9_]{1,1024}$/.test(value)) throw new RangeError(`${name} "${value}" is not a valid BigQuery ${name === 'datasetId' ? 'dataset' : 'table'} id`);
    }
  }

  async listEntries(query: KnowledgeQuery = {}): Promise<StoredKnowledgeEntry[]> {
    // A fresh Table each time, so the schema that types the cells is the table's current one.
    const table = this.options.client.dataset(this.options.datasetId).table(this.tableId);
    let rows: Array<Record<string, unknown>>;
    try {
      [rows] = (await table.getRows({ autoPaginate: true })) as unknown as [Array<Record<string, unknown>>];
    } catch (error) {
      throw storeError(error, `tabledata.list ${this.target}`);
    }
    const stored = entriesFromRows(rows.map(withTextTimestamps));
    if (!stored.ok) throw invalidRows(`${this.target} holds rows that are not valid knowledge entries`, stored.problems);
    return stored.entries
      .filter((entry) => (query.category === undefined || entry.category === query.category) && (query.knowledgeType === undefined || entry.knowledgeType === query.knowledgeType))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async upsertEntries(entries: readonly KnowledgeEntry[]): Promise<UpsertSummary> {
    const checked = checkStorableEntries(entries);
    if (!checked.ok) throw invalidRows('refused the knowledge-base upsert; nothing was applied', checked.problems);
    if (checked.entries.length === 0) return { inserted: 0, updated: 0 };
    const now = this.options.clock.now().toISOString();
    const parameters = [entriesParameter(checked.entries), scalarParameter('now', 'TIMESTAMP', now)];
    const bytes = Buffer.byteLength(JSON.stringify(parameters));
    if (bytes > MAX_PARAMETER_BYTES) {
      throw new PermanentStoreError(
        `refused the knowledge-base upsert of ${checked.entries.length} entries: ${bytes} bytes of parameters exceed the ${MAX_PARAMETER_BYTES}-byte request budget; nothing was applied`,
      );
    }
    const statistics = await this.runDml('upsert', mergeStatement(this.tableId, 'upsert'), parameters);
    const inserted = count(statistics.insertedRowCount);
    const updated = count(statistics.updatedRowCount);
    return { inserted, updated };
  }

  async commitLearning(change: LearningChange): Promise<LearningCommit> {
    const entry = change.entry;
    let statistics: DmlStatistics;
    try {
      if (change.kind === 'created') {
        statistics = await this.runDml('learn', mergeStatement(this.tableId, 'insert-only'), [
          entriesParameter([entry]),
          scalarParameter('now', 'TIMESTAMP', change.learnedAt),
        ]);
      } else {
        statistics = await this.runDml('learn', updateIfUnchangedStatement(this.tableId), [
          scalarParameter('id', 'STRING', entry.id),
          scalarParameter('success_count', 'INT64', String(entry.successCount)),
          scalarParameter('failure_count', 'INT64', String(entry.failureCount)),
          scalarParameter('confidence', 'FLOAT64', String(entry.confidence)),
          scalarParameter('learned_at', 'TIMESTAMP', change.learnedAt),
          scalarParameter('before_success_count', 'INT64', String(change.before.successCount)),
          scalarParameter('before_failure_count', 'INT64', String(change.before.failureCount)),
          scalarParameter('before_confidence', 'FLOAT64', String(change.before.confidence)),
        ]);
      }
    } catch (error) {
      // Another statement changed the table first: the same as a failed compare-and-set.
      if (error instanceof TransientStoreError && CONCURRENT_UPDATE.test(error.message)) return 'conflict';
      throw error;
    }
    return count(statistics.affectedRows) === 1 ? 'applied' : 'conflict';
  }

  private get target(): string {
    return `${this.options.datasetId}.${this.tableId}`;
  }

  /** Runs one DML statement as a query job and waits for it; the job's DML statistics on success. */
  private async runDml(purpose: 'upsert' | 'learn', statement: string, queryParameters: QueryParameter[]): Promise<DmlStatistics> {
    const { client } = this.options;
    const location = this.options.location ?? client.location;
    const options: JobOptions = {
      // The library appends a random UUID: a fresh job per call (the statement itself is idempotent).
      jobPrefix: `flexiroaster_kb_${purpose}_`,
      ...(location !== undefined ? { location } : {}),
      configuration: {
        query: {
          query: statement,
          useLegacySql: false,
          parameterMode: 'NAMED',
          queryParameters,
          defaultDataset: { projectId: client.projectId, datasetId: this.options.datasetId },
        },
        labels: { 'flexiroaster-purpose': `knowledge-base-${purpose}` },
      },
    };
    const operation = `BigQuery ${purpose === 'upsert' ? 'MERGE' : 'DML'} on ${this.target}`;
    const created = await createJob(client, options);
    if (created.error !== null && created.error !== undefined && !created.job) throw storeError(created.error, `${operation} (jobs.insert)`);
    let metadata: unknown = created.response;
    const job = created.job as Job;
    const deadline = Date.now() + (this.options.jobTimeoutMs ?? 120_000);
    let waitMs = this.options.pollIntervalMs ?? 250;
    while (stringAt(metadata, 'status', 'state') !== 'DONE') {
      if (Date.now() + waitMs > deadline) {
        throw new TransientStoreError(`${operation}: job ${job.id ?? ''} still running after ${this.options.jobTimeoutMs ?? 120_000} ms; its outcome is unknown (re-running the statement is safe)`);
      }
      await new Promise((resolve) => setTimeout(resolve, waitMs));
      waitMs = Math.min(1_000, waitMs * 2);
      try {
        [metadata] = await job.getMetadata();
      } catch (error) {
        throw storeError(error, `${operation} (jobs.get ${job.id ?? ''})`);
      }
    }
    const errorResult = recordAt(metadata, 'status', 'errorResult');
    if (errorResult) throw jobFailed(operation, errorResult);
    const query = recordAt(metadata, 'statistics', 'query');
    const dml = recordAt(query, 'dmlStats');
    return {
      affectedRows: query?.numDmlAffectedRows,
      insertedRowCount: dml?.insertedRowCount,
      updatedRowCount: dml?.updatedRowCount,
    };
  }
}

interface DmlStatistics {
  affectedRows: unknown;
  insertedRowCount: unknown;
  updatedRowCount: unknown;
}

/** REST QueryParameter (https://cloud.google.com/bigquery/docs/reference/rest/v2/QueryParameter). */
interface QueryParameterType {
  type: string;
  arrayType?: QueryParameterType;
  structTypes?: Array<{ name: string; type: QueryParameterType }>;
}
interface QueryParameterValue {
  value?: string;
  arrayValues?: QueryParameterValue[];
  structValues?: Record<string, QueryParameterValue>;
}
interface QueryParameter {
  name: string;
  parameterType: QueryParameterType;
  parameterValue: QueryParameterValue;
}

function scalarParameter(name: string, type: string, value: string): QueryParameter {
  return { name, parameterType: { type }, parameterValue: { value } };
}

/** @entries: ARRAY<STRUCT<id STRING, …, confidence FLOAT64, success_count INT64, failure_count INT64>>. */
function entriesParameter(entries: readonly KnowledgeEntry[]): QueryParameter {
  return {
    name: 'entries',
    parameterType: {
      type: 'ARRAY',
      arrayType: { type: 'STRUCT', structTypes: ENTRY_FIELDS.map((field) => ({ name: field.name, type: { type: BIGQUERY_TYPES[field.type] } })) },
    },
    parameterValue: {
      arrayValues: entries.map((entry) => {
        // Timestamps are not part of the struct; any value does for them here.
        const row: KnowledgeBaseRow = toKnowledgeBaseRow(entry, '', '');
        const structValues: Record<string, QueryParameterValue> = {};
        for (const field of ENTRY_FIELDS) structValues[field.name] = { value: String(row[field.name]) };
        return { structValues };
      }),
    },
  };
}

/**
 * MERGE keyed on id. `upsert`: a known id takes every new value but keeps created_at; a new id is
 * inserted. `insert-only`: only new ids are inserted (a learned entry whose id is taken is a conflict).
 */
export function mergeStatement(tableId: string, mode: 'upsert' | 'insert-only'): string {
  const set = ENTRY_COLUMNS.filter((column) => column !== 'id')
    .map((column) => `${column} = source.${column}`)
    .join(', ');
  const lines = [
    `MERGE \`${tableId}\` AS target`,
    'USING UNNEST(@entries) AS source',
    'ON target.id = source.id',
    ...(mode === 'upsert' ? [`WHEN MATCHED THEN UPDATE SET ${set}, updated_at = @now`] : []),
    `WHEN NOT MATCHED THEN INSERT (${ENTRY_COLUMNS.join(', ')}, created_at, updated_at)`,
    `  VALUES (${ENTRY_COLUMNS.map((column) => `source.${column}`).join(', ')}, @now, @now)`,
  ];
  return lines.join('\n');
}

/** Compare-and-set for a learned outcome: changes the row only if it still holds the counts it was computed from. */
export function updateIfUnchangedStatement(tableId: string): string {
  return [
    `UPDATE \`${tableId}\``,
    'SET success_count = @success_count, failure_count = @failure_count, confidence = @confidence, updated_at = @learned_at',
    'WHERE id = @id AND success_count = @before_success_count AND failure_count = @before_failure_count AND confidence = @before_confidence',
  ].join('\n');
}

interface CreateJobOutcome {
  error: unknown;
  job: Job | null | undefined;
  response: unknown;
}

/**
 * The callback form of BigQuery#createJob: it reports status.errors of a created job as an error
 * while still passing the job, and the promise form would drop the job and the response.
 */
function createJob(client: BigQuery, options: JobOptions): Promise<CreateJobOutcome> {
  return new Promise((resolve) => {
    client.createJob(options, (error, job, response) => resolve({ error, job, response }));
  });
}

function jobFailed(operation: string, errorResult: Record<string, unknown>): TransientStoreError | PermanentStoreError {
  const reason = typeof errorResult.reason === 'string' ? errorResult.reason : 'unknown';
  const message = typeof errorResult.message === 'string' ? errorResult.message : 'job failed';
  const text = `${operation} failed (${reason}): ${message}; nothing was applied`;
  if (TRANSIENT_JOB_REASONS.has(reason) || CONCURRENT_UPDATE.test(message)) return new TransientStoreError(text);
  return new PermanentStoreError(text, [{ rowId: 'statement', reason, message }]);
}

/** An HTTP failure of jobs.insert / jobs.get / tabledata.list. 400 and 413 are the request's fault; the rest the deployment's or transient. */
function storeError(error: unknown, operation: string): TransientStoreError | PermanentStoreError {
  const failure = describeApiError(error);
  const text = `${operation} failed${failure.httpStatus !== undefined ? ` with HTTP ${failure.httpStatus}` : ''}${failure.reason ? ` ${failure.reason}` : ''}: ${failure.message}`;
  if (failure.httpStatus === 400 || failure.httpStatus === 413) {
    return new PermanentStoreError(text, [{ rowId: 'request', reason: failure.reason ?? 'invalid', message: failure.message }], { cause: error });
  }
  return new TransientStoreError(text, { cause: error });
}

function invalidRows(message: string, problems: readonly KnowledgeRowProblem[]): PermanentStoreError {
  const detail = problems.map((problem) => `${problem.rowId} ${problem.field}: ${problem.message}`).join('; ');
  return new PermanentStoreError(
    `${message}: ${detail}`,
    problems.map((problem) => ({ rowId: problem.rowId, reason: 'invalid', message: `${problem.field}: ${problem.message}` })),
  );
}

/** Table#getRows types TIMESTAMP cells as BigQueryTimestamp ({ value: ISO string }); the core takes RFC 3339 text. */
function withTextTimestamps(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...row };
  for (const column of ['created_at', 'updated_at']) {
    const value = out[column];
    const text = typeof value === 'string' ? value : value !== null && typeof value === 'object' && typeof (value as { value?: unknown }).value === 'string' ? (value as { value: string }).value : undefined;
    if (text === undefined) continue;
    const parsed = new Date(text);
    out[column] = Number.isNaN(parsed.getTime()) ? text : parsed.toISOString();
  }
  return out;
}

function count(value: unknown): number {
  const parsed = typeof value === 'string' || typeof value === 'number' ? Number(value) : 0;
  return Number.isSafeInteger(parsed) && parsed >= 0 ? parsed : 0;
}
