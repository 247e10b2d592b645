import { createBigQueryClient } from '../../shared/src/adapters/bigquery/bigquery-client';
import { BigQueryKnowledgeBaseStore, mergeStatement, updateIfUnchangedStatement } from '../../shared/src/adapters/bigquery/bigquery-knowledge-base-store';
import { PermanentStoreError, TransientStoreError } from '../../shared/src/core/domain/errors';
import { applyVerifiedResolution } from '../../shared/src/core/knowledge/learn-from-resolution';
import type { KnowledgeEntry } from '../../shared/src/core/knowledge/knowledge-entry';
import { toBigQuerySchema } from '../../shared/src/core/schema/bigquery-json';
import { KNOWLEDGE_BASE_TABLE } from '../../shared/src/core/schema/tables';
import { FakeGcpServer, googleError, type RecordedRequest, type ScriptedResponse } from '../helpers/fake-gcp-server';
import { IAM_RUNBOOK, RATE_LIMIT_ENTRY, SCHEMA_ENTRY } from '../helpers/knowledge-fixtures';
import { offlineGcp } from '../helpers/offline-gcp';
import { FixedTokenAuthClient, TEST_ACCESS_TOKEN } from '../helpers/offline-google-auth';

const PROJECT = 'ops-prod';
const DATASET = 'flexiroaster';
const TABLE_PATH = `/bigquery/v2/projects/${PROJECT}/datasets/${DATASET}/tables/knowledge_base`;
const JOBS_PATH = `/bigquery/v2/projects/${PROJECT}/jobs`;
const JOB_PATH = /^\/bigquery\/v2\/projects\/ops-prod\/jobs\/([^/]+)$/;
const NOW = '2026-11-21T10:00:00.000Z';
const clock = { now: () => new Date(NOW) };

/** One tabledata.list row: cells in schema order, every value as text, TIMESTAMP as int64 microseconds (useInt64Timestamp). */
function tableRow(entry: KnowledgeEntry, createdAt: string, updatedAt: string): { f: Array<{ v: string }> } {
  const micros = (iso: string) => `${new Date(iso).getTime()}000`;
  const values: Record<string, string> = {
    id: entry.id,
    knowledge_type: entry.knowledgeType,
    category: entry.category,
    source_system: entry.sourceSystem,
    title: entry.title,
    error_pattern: entry.errorPattern,
    resolution: entry.resolution,
    recommended_strategy: entry.recommendedStrategy,
    source_url: entry.sourceUrl,
    confidence: String(entry.confidence),
    success_count: String(entry.successCount),
    failure_count: String(entry.failureCount),
    created_at: micros(createdAt),
    updated_at: micros(updatedAt),
  };
  return { f: KNOWLEDGE_BASE_TABLE.fields.map((field) => ({ v: values[field.name] as string })) };
}

function tableResource(): ScriptedResponse {
  return {
    json: {
      kind: 'bigquery#table',
      id: `${PROJECT}:${DATASET}.knowledge_base`,
      tableReference: { projectId: PROJECT, datasetId: DATASET, tableId: 'knowledge_base' },
      schema: { fields: toBigQuerySchema(KNOWLEDGE_BASE_TABLE) },
      location: 'EU',
    },
  };
}

/** jobs.insert accepts the job as RUNNING; the job id is the one the client chose. */
function acceptJob(request: RecordedRequest): ScriptedResponse {
  const body = request.json as { jobReference: Record<string, string>; configuration: unknown };
  return { json: { kind: 'bigquery#job', jobReference: body.jobReference, configuration: body.configuration, status: { state: 'RUNNING' } } };
}

/** jobs.get answers DONE with the given statistics or error. */
function finishedJob(done: { statistics?: unknown; errorResult?: unknown }): (request: RecordedRequest) => ScriptedResponse {
  return (request) => ({
    json: {
      kind: 'bigquery#job',
      jobReference: { projectId: PROJECT, jobId: JOB_PATH.exec(request.path)?.[1], location: 'EU' },
      status: done.errorResult ? { state: 'DONE', errorResult: done.errorResult, errors: [done.errorResult] } : { state: 'DONE' },
      ...(done.statistics ? { statistics: done.statistics } : {}),
    },
  });
}

function dmlDone(numDmlAffectedRows: string, dmlStats: Record<string, string> = {}): ReturnType<typeof finishedJob> {
  return finishedJob({ statistics: { creationTime: '1763719200000', query: { statementType: 'MERGE', numDmlAffectedRows, dmlStats } } });
}

describe('BigQueryKnowledgeBaseStore against the BigQuery REST contract', () => {
  let server: FakeGcpServer;
  const gcp = offlineGcp({ strictRoutes: true });
  let auth: FixedTokenAuthClient;
  let store: BigQueryKnowledgeBaseStore;

  beforeAll(() => {
    server = gcp.server;
  });
  beforeEach(() => {
    auth = new FixedTokenAuthClient();
    const client = createBigQueryClient({ projectId: PROJECT, location: 'EU', apiEndpoint: server.baseUrl, authClient: auth, maxRetries: 0 });
    store = new BigQueryKnowledgeBaseStore({ client, datasetId: DATASET, clock, pollIntervalMs: 1 });
  });
  afterEach(() => {
    expect(auth.refreshAttempts).toBe(0);
  });

  describe('listEntries (tabledata.list)', () => {
    it('reads every page, types the cells by the table schema and returns the entries by id', async () => {
      server
        .on('GET', TABLE_PATH, tableResource())
        .on('GET', `${TABLE_PATH}/data`, (request) =>
          request.query.get('pageToken') === 'page-2'
            ? { json: { kind: 'bigquery#tableDataList', totalRows: '3', rows: [tableRow(IAM_RUNBOOK, NOW, NOW)] } }
            : {
                json: {
                  kind: 'bigquery#tableDataList',
                  totalRows: '3',
                  pageToken: 'page-2',
                  rows: [tableRow(SCHEMA_ENTRY, '2026-11-01T08:00:00.000Z', NOW), tableRow(RATE_LIMIT_ENTRY, NOW, NOW)],
                },
              },
        );

      const entries = await store.listEntries();

      expect(entries).toEqual([
        { ...RATE_LIMIT_ENTRY, createdAt: NOW, updatedAt: NOW },
        { ...SCHEMA_ENTRY, createdAt: '2026-11-01T08:00:00.000Z', updatedAt: NOW },
        { ...IAM_RUNBOOK, createdAt: NOW, updatedAt: NOW },
      ]);
      const pages = server.requestsTo('GET', `${TABLE_PATH}/data`);
      expect(pages.map((request) => request.query.get('pageToken'))).toEqual([null, 'page-2']);
      expect(pages[0]?.query.get('formatOptions.useInt64Timestamp')).toBe('true');
      expect(pages[0]?.headers.authorization).toBe(`Bearer ${TEST_ACCESS_TOKEN}`);
      // No query job: tabledata.list bills nothing.
      expect(server.requestsTo('POST', JOBS_PATH)).toEqual([]);
    });

    it('filters by category in memory and answers an empty table without reading the schema', async () => {
      server.on('GET', `${TABLE_PATH}/data`, { json: { kind: 'bigquery#tableDataList', totalRows: '0' } });
      await expect(store.listEntries({ category: 'rate_limiting' })).resolves.toEqual([]);
      expect(server.requestsTo('GET', TABLE_PATH)).toEqual([]);

      server.reset();
      server.on('GET', TABLE_PATH, tableResource()).on('GET', `${TABLE_PATH}/data`, { json: { rows: [tableRow(RATE_LIMIT_ENTRY, NOW, NOW), tableRow(IAM_RUNBOOK, NOW, NOW)] } });
      expect((await store.listEntries({ category: 'permission_denied' })).map((entry) => entry.id)).toEqual(['iam-runbook-01']);
    });

    it('reports a stored row that is not a valid entry by its id', async () => {
      const broken = tableRow(RATE_LIMIT_ENTRY, NOW, NOW);
      (broken.f[KNOWLEDGE_BASE_TABLE.fields.findIndex((field) => field.name === 'category')] as { v: string }).v = 'gremlins';
      server.on('GET', TABLE_PATH, tableResource()).on('GET', `${TABLE_PATH}/data`, { json: { rows: [broken] } });

      const error = await store.listEntries().catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(PermanentStoreError);
      expect((error as PermanentStoreError).rowErrors).toEqual([{ rowId: 'bq-rate-001', reason: 'invalid', message: expect.stringMatching(/^category: "gremlins" is not one of/) }]);
    });

    it('maps a missing table (404) to TransientStoreError: the deployment, not the data, is at fault', async () => {
      server.on('GET', `${TABLE_PATH}/data`, googleError(404, 'NOT_FOUND', `Not found: Table ${PROJECT}:${DATASET}.knowledge_base`, { reason: 'notFound' }));
      const error = await store.listEntries().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TransientStoreError);
      expect((error as Error).message).toContain('HTTP 404 notFound');
    });
  });

  describe('upsertEntries (one MERGE query job)', () => {
    it('sends one MERGE with the validated entries as an ARRAY<STRUCT> parameter, waits for DONE and reports the DML counts', async () => {
      server.on('POST', JOBS_PATH, acceptJob).on('GET', JOB_PATH, dmlDone('2', { insertedRowCount: '1', updatedRowCount: '1', deletedRowCount: '0' }));

      await expect(store.upsertEntries([{ ...RATE_LIMIT_ENTRY, title: '  Table update rate exceeded  ' }, IAM_RUNBOOK])).resolves.toEqual({ inserted: 1, updated: 1 });

      const [insert] = server.requestsTo('POST', JOBS_PATH);
      expect(server.requestsTo('POST', JOBS_PATH)).toHaveLength(1);
      expect(insert?.headers.authorization).toBe(`Bearer ${TEST_ACCESS_TOKEN}`);
      const body = insert?.json as { jobReference: { jobId: string }; configuration: { query: { queryParameters: unknown[] } } };
      expect(body.jobReference).toEqual({ projectId: PROJECT, jobId: expect.stringMatching(/^flexiroaster_kb_upsert_[0-9a-f-]{36}$/), location: 'EU' });
      expect(body.configuration).toEqual({
        query: {
          query: mergeStatement('knowledge_base', 'upsert'),
          useLegacySql: false,
          parameterMode: 'NAMED',
          defaultDataset: { projectId: PROJECT, datasetId: DATASET },
          queryParameters: [
            {
              name: 'entries',
              parameterType: {
                type: 'ARRAY',
                arrayType: {
                  type: 'STRUCT',
                  structTypes: [
                    { name: 'id', type: { type: 'STRING' } },
                    { name: 'knowledge_type', type: { type: 'STRING' } },
                    { name: 'category', type: { type: 'STRING' } },
                    { name: 'source_system', type: { type: 'STRING' } },
                    { name: 'title', type: { type: 'STRING' } },
                    { name: 'error_pattern', type: { type: 'STRING' } },
                    { name: 'resolution', type: { type: 'STRING' } },
                    { name: 'recommended_strategy', type: { type: 'STRING' } },
                    { name: 'source_url', type: { type: 'STRING' } },
                    { name: 'confidence', type: { type: 'FLOAT64' } },
                    { name: 'success_count', type: { type: 'INT64' } },
                    { name: 'failure_count', type: { type: 'INT64' } },
                  ],
                },
              },
              parameterValue: {
                arrayValues: [
                  {
                    structValues: {
                      id: { value: 'bq-rate-001' },
                      knowledge_type: { value: 'historical_error' },
                      category: { value: 'rate_limiting' },
                      source_system: { value: 'bigquery' },
                      // Stored as validated: trimmed.
                      title: { value: 'Table update rate exceeded' },
                      error_pattern: { value: RATE_LIMIT_ENTRY.errorPattern },
                      resolution: { value: RATE_LIMIT_ENTRY.resolution },
                      recommended_strategy: { value: 'retry_with_backoff' },
                      source_url: { value: RATE_LIMIT_ENTRY.sourceUrl },
                      confidence: { value: '0.9' },
                      success_count: { value: '4' },
                      failure_count: { value: '1' },
                    },
                  },
                  expect.objectContaining({ structValues: expect.objectContaining({ id: { value: 'iam-runbook-01' }, error_pattern: { value: '' }, resolution: { value: IAM_RUNBOOK.resolution } }) }),
                ],
              },
            },
            { name: 'now', parameterType: { type: 'TIMESTAMP' }, parameterValue: { value: NOW } },
          ],
        },
        labels: { 'flexiroaster-purpose': 'knowledge-base-upsert' },
      });
      // Polled with jobs.get in the job's location until DONE.
      const polls = server.requestsTo('GET', JOB_PATH);
      expect(polls).toHaveLength(1);
      expect(polls[0]?.path).toBe(`${JOBS_PATH}/${body.jobReference.jobId}`);
      expect(polls[0]?.query.get('location')).toBe('EU');
    });

    it('keys the MERGE on id, keeps created_at for known ids and inserts new ones with both timestamps', () => {
      expect(mergeStatement('knowledge_base', 'upsert')).toBe(
        [
          'MERGE `knowledge_base` AS target',
          'USING UNNEST(@entries) AS source',
          'ON target.id = source.id',
          'WHEN MATCHED THEN UPDATE SET knowledge_type = source.knowledge_type, category = source.category, source_system = source.source_system, ' +
            'title = source.title, error_pattern = source.error_pattern, resolution = source.resolution, recommended_strategy = source.recommended_strategy, ' +
            'source_url = source.source_url, confidence = source.confidence, success_count = source.success_count, failure_count = source.failure_count, updated_at = @now',
          'WHEN NOT MATCHED THEN INSERT (id, knowledge_type, category, source_system, title, error_pattern, resolution, recommended_strategy, source_url, confidence, success_count, failure_count, created_at, updated_at)',
          '  VALUES (source.id, source.knowledge_type, source.category, source.source_system, source.title, source.error_pattern, source.resolution, ' +
            'source.recommended_strategy, source.source_url, source.confidence, source.success_count, source.failure_count, @now, @now)',
        ].join('\n'),
      );
    });

    it('refuses invalid or duplicated entries without sending anything', async () => {
      await expect(store.upsertEntries([RATE_LIMIT_ENTRY, { ...IAM_RUNBOOK, recommendedStrategy: 'reboot' as never }])).rejects.toThrow(
        /iam-runbook-01 recommended_strategy: "reboot" is not one of/,
      );
      await expect(store.upsertEntries([SCHEMA_ENTRY, SCHEMA_ENTRY])).rejects.toBeInstanceOf(PermanentStoreError);
      expect(server.requests).toEqual([]);
    });

    it('reports a statement BigQuery refused (DONE with errorResult) as permanent: one atomic statement, nothing applied', async () => {
      server.on('POST', JOBS_PATH, acceptJob).on('GET', JOB_PATH, finishedJob({ errorResult: { reason: 'invalidQuery', location: 'query', message: 'Value of type STRING cannot be assigned to confidence' } }));

      const error = await store.upsertEntries([RATE_LIMIT_ENTRY, IAM_RUNBOOK, SCHEMA_ENTRY]).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(PermanentStoreError);
      expect((error as Error).message).toMatch(/MERGE on flexiroaster\.knowledge_base failed \(invalidQuery\): Value of type STRING .*; nothing was applied/);
      expect(server.requestsTo('POST', JOBS_PATH)).toHaveLength(1);
    });

    it('reports a concurrent-DML abort as transient (re-running the MERGE is safe)', async () => {
      server.on('POST', JOBS_PATH, acceptJob).on(
        'GET',
        JOB_PATH,
        finishedJob({ errorResult: { reason: 'invalidQuery', message: 'Could not serialize access to table ops-prod:flexiroaster.knowledge_base due to concurrent update' } }),
      );
      await expect(store.upsertEntries([RATE_LIMIT_ENTRY])).rejects.toBeInstanceOf(TransientStoreError);
    });

    it.each([
      [503, 'UNAVAILABLE', 'backendError', 'transient', TransientStoreError],
      [429, 'RESOURCE_EXHAUSTED', 'rateLimitExceeded', 'transient', TransientStoreError],
      [403, 'PERMISSION_DENIED', 'accessDenied', 'transient', TransientStoreError],
      [400, 'INVALID_ARGUMENT', 'invalid', 'permanent', PermanentStoreError],
    ])('maps jobs.insert HTTP %i %s (%s) to a %s error after a single request (client retries off)', async (code, status, reason, _name, kind) => {
      server.on('POST', JOBS_PATH, googleError(code, status, `simulated ${reason}`, { reason }));
      await expect(store.upsertEntries([RATE_LIMIT_ENTRY])).rejects.toBeInstanceOf(kind);
      expect(server.requests).toHaveLength(1);
    });

    it('gives up waiting on a job that stays RUNNING past the deadline, as retryable', async () => {
      const client = createBigQueryClient({ projectId: PROJECT, location: 'EU', apiEndpoint: server.baseUrl, authClient: auth, maxRetries: 0 });
      const impatient = new BigQueryKnowledgeBaseStore({ client, datasetId: DATASET, clock, pollIntervalMs: 5, jobTimeoutMs: 60 });
      server.on('POST', JOBS_PATH, acceptJob).on('GET', JOB_PATH, (request) => ({ json: { jobReference: { jobId: JOB_PATH.exec(request.path)?.[1] }, status: { state: 'RUNNING' } } }));

      const error = await impatient.upsertEntries([RATE_LIMIT_ENTRY]).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(TransientStoreError);
      expect((error as Error).message).toMatch(/still running after 60 ms; its outcome is unknown/);
    });
  });

  describe('commitLearning (compare-and-set DML)', () => {
    const resolution = { category: 'rate_limiting', message: RATE_LIMIT_ENTRY.errorPattern, strategy: 'retry_with_backoff', succeeded: true, source: 'bigquery' } as const;
    const learned = applyVerifiedResolution([RATE_LIMIT_ENTRY], resolution, clock).change;

    it('updates the entry only where it still holds the counts the change was computed from', async () => {
      server.on('POST', JOBS_PATH, acceptJob).on('GET', JOB_PATH, dmlDone('1', { updatedRowCount: '1' }));

      await expect(store.commitLearning(learned)).resolves.toBe('applied');

      const body = server.requestsTo('POST', JOBS_PATH)[0]?.json as { jobReference: { jobId: string }; configuration: { query: { query: string; queryParameters: unknown } } };
      expect(body.jobReference.jobId).toMatch(/^flexiroaster_kb_learn_/);
      expect(body.configuration.query.query).toBe(updateIfUnchangedStatement('knowledge_base'));
      expect(body.configuration.query.queryParameters).toEqual([
        { name: 'id', parameterType: { type: 'STRING' }, parameterValue: { value: 'bq-rate-001' } },
        { name: 'success_count', parameterType: { type: 'INT64' }, parameterValue: { value: '5' } },
        { name: 'failure_count', parameterType: { type: 'INT64' }, parameterValue: { value: '1' } },
        { name: 'confidence', parameterType: { type: 'FLOAT64' }, parameterValue: { value: String(learned.entry.confidence) } },
        { name: 'learned_at', parameterType: { type: 'TIMESTAMP' }, parameterValue: { value: NOW } },
        { name: 'before_success_count', parameterType: { type: 'INT64' }, parameterValue: { value: '4' } },
        { name: 'before_failure_count', parameterType: { type: 'INT64' }, parameterValue: { value: '1' } },
        { name: 'before_confidence', parameterType: { type: 'FLOAT64' }, parameterValue: { value: '0.9' } },
      ]);
    });

    it('answers conflict when no row matched, or when a concurrent statement aborted it', async () => {
      server.on('POST', JOBS_PATH, acceptJob).on('GET', JOB_PATH, dmlDone('0'), 1);
      await expect(store.commitLearning(learned)).resolves.toBe('conflict');

      server.on('GET', JOB_PATH, finishedJob({ errorResult: { reason: 'invalidQuery', message: 'Transaction is aborted due to concurrent update against table ops-prod:flexiroaster.knowledge_base.' } }));
      await expect(store.commitLearning(learned)).resolves.toBe('conflict');
    });

    it('inserts a new learned entry only if its id is free (INSERT-only MERGE)', async () => {
      const created = applyVerifiedResolution([], { ...resolution, category: 'disk_space_full', message: 'No space left on device', strategy: 'data_cleanup' }, clock).change;
      server.on('POST', JOBS_PATH, acceptJob).on('GET', JOB_PATH, dmlDone('1', { insertedRowCount: '1' }));

      await expect(store.commitLearning(created)).resolves.toBe('applied');

      const query = (server.requestsTo('POST', JOBS_PATH)[0]?.json as { configuration: { query: { query: string } } }).configuration.query.query;
      expect(query).toBe(mergeStatement('knowledge_base', 'insert-only'));
      expect(query).not.toContain('WHEN MATCHED');
    });
  });
});

describe('BigQueryKnowledgeBaseStore options', () => {
  it('refuses dataset or table ids that could change the statement', () => {
    const client = createBigQueryClient({ projectId: PROJECT, maxRetries: 0 });
    expect(() => new BigQueryKnowledgeBaseStore({ client, datasetId: 'kb`; DROP TABLE x', clock })).toThrow('not a valid BigQuery dataset id');
    expect(() => new BigQueryKnowledgeBaseStore({ client, datasetId: DATASET, tableId: 'a.b', clock })).toThrow('not a valid BigQuery table id');
  });
});
