import { createBigQueryClient } from '../../shared/src/adapters/bigquery/bigquery-client';
import { BigQueryRunStore, foldStatement } from '../../shared/src/adapters/bigquery/bigquery-run-store';
import { PermanentStoreError, TransientStoreError } from '../../shared/src/core/domain/errors';
import { runOfEvent } from '../../shared/src/core/runs/merge-run';
import { toBigQuerySchema } from '../../shared/src/core/schema/bigquery-json';
import { PIPELINE_RUNS_TABLE } from '../../shared/src/core/schema/tables';
import { minimalEvent } from '../helpers/classified-event-fixture';
import { googleError, type RecordedRequest } from '../helpers/fake-gcp-server';
import { offlineGcp } from '../helpers/offline-gcp';
import { FixedTokenAuthClient } from '../helpers/offline-google-auth';

const PROJECT = 'ops-prod';
const DATASET = 'flexiroaster';
/** jobs.query: https://cloud.google.com/bigquery/docs/reference/rest/v2/jobs/query */
const JOBS_QUERY = `/bigquery/v2/projects/${PROJECT}/queries`;
const clock = { now: () => new Date('2026-11-21T12:00:00.000Z') };

const done = runOfEvent(
  minimalEvent({ source: 'bigquery', pipelineId: 'orders_load', runId: 'job_1', status: 'succeeded', occurredAt: '2026-11-21T04:41:00Z', telemetry: { startedAt: '2026-11-21T04:00:00.000Z', bytesProcessed: 1000, slotMs: 5 } }),
  null,
);

interface QueryRequestBody {
  query: string;
  useLegacySql: boolean;
  parameterMode: string;
  queryParameters: Array<{ name: string; parameterType: { type: string; arrayType?: { type: string } }; parameterValue: { value?: unknown; arrayValues?: unknown[] } }>;
  defaultDataset: { projectId: string; datasetId: string };
}

function parameters(request: RecordedRequest): Record<string, { type: string; value: unknown }> {
  const body = request.json as QueryRequestBody;
  return Object.fromEntries(body.queryParameters.map((p) => [p.name, { type: p.parameterType.type, value: p.parameterValue.value }]));
}

/** One result row in the REST form: cells in schema order, TIMESTAMP as int64 microseconds (the library asks for useInt64Timestamp). */
function restRow(values: Record<string, string | null | string[]>): { f: Array<{ v: unknown }> } {
  return {
    f: PIPELINE_RUNS_TABLE.fields.map((field) => {
      const value = values[field.name] ?? null;
      if (Array.isArray(value)) return { v: value.map((item) => ({ v: item })) };
      if (value !== null && field.type === 'TIMESTAMP') return { v: `${Date.parse(value)}000` };
      return { v: value };
    }),
  };
}

describe('BigQueryRunStore against the jobs.query REST contract', () => {
  const gcp = offlineGcp({ strictRoutes: true });
  let store: BigQueryRunStore;

  beforeEach(() => {
    const client = createBigQueryClient({ projectId: PROJECT, apiEndpoint: gcp.server.baseUrl, authClient: new FixedTokenAuthClient('offline-token'), maxRetries: 0 });
    store = new BigQueryRunStore({ client, datasetId: DATASET, clock, location: 'EU' });
  });

  it('folds an observation with one MERGE keyed on run_key, every column a typed named parameter', async () => {
    gcp.server.on('POST', JOBS_QUERY, { json: { kind: 'bigquery#queryResponse', jobComplete: true, numDmlAffectedRows: '1', jobReference: { projectId: PROJECT, jobId: 'j1', location: 'EU' } } });
    await store.fold(done);
    const [request] = gcp.server.requestsTo('POST', JOBS_QUERY);
    const body = request?.json as QueryRequestBody & { location: string };
    expect(body.query).toBe(foldStatement('pipeline_runs'));
    expect(body.query).toMatch(/^MERGE `pipeline_runs` AS T\nUSING \(SELECT @run_key AS run_key/);
    expect(body.useLegacySql).toBe(false);
    expect(body.location).toBe('EU');
    expect(body.defaultDataset).toEqual({ projectId: PROJECT, datasetId: DATASET });
    const params = parameters(request as RecordedRequest);
    expect(params.run_key).toEqual({ type: 'STRING', value: done.runKey });
    expect(params.bytes_processed).toEqual({ type: 'INT64', value: 1000 });
    expect(params.started_at).toEqual({ type: 'TIMESTAMP', value: expect.stringMatching(/^2026-11-21[T ]04:00:00(\.0+)?(Z|\+00:?00)?$/) });
    expect(params.ended_at).toEqual({ type: 'TIMESTAMP', value: expect.stringMatching(/^2026-11-21[T ]04:41:00/) });
    expect(params.bytes_billed).toEqual({ type: 'INT64', value: null });
    expect(params.duration_ms).toEqual({ type: 'INT64', value: 41 * 60_000 });
    const failedStages = (request?.json as QueryRequestBody).queryParameters.find((p) => p.name === 'failed_stages');
    expect(failedStages?.parameterType).toEqual({ type: 'ARRAY', arrayType: { type: 'STRING' } });
  });

  it('does not send a MERGE for an observation this instance already folded (redelivery)', async () => {
    gcp.server.on('POST', JOBS_QUERY, { json: { jobComplete: true, numDmlAffectedRows: '1', jobReference: { projectId: PROJECT, jobId: 'j1' } } });
    await store.fold(done);
    await store.fold(done);
    expect(gcp.server.requestsTo('POST', JOBS_QUERY)).toHaveLength(1);
  });

  it('reads a run back from query rows (TIMESTAMP as microseconds, INT64 as text)', async () => {
    gcp.server.on('POST', JOBS_QUERY, {
      json: {
        jobComplete: true,
        jobReference: { projectId: PROJECT, jobId: 'j2' },
        schema: { fields: toBigQuerySchema(PIPELINE_RUNS_TABLE) },
        totalRows: '1',
        rows: [
          restRow({
            run_key: done.runKey, source: 'bigquery', pipeline_id: 'orders_load', run_id: 'job_1', status: 'succeeded',
            status_at: '2026-11-21T04:41:00.000Z', first_event_at: '2026-11-21T04:41:00.000Z', last_event_at: '2026-11-21T04:41:00.000Z',
            started_at: '2026-11-21T04:00:00.000Z', ended_at: '2026-11-21T04:41:00.000Z', duration_ms: '2460000', bytes_processed: '1000',
            bytes_billed: null, slot_ms: '5', output_rows: null, output_bytes: null, retries: '0', failed_stages: [], error_signatures: [],
            updated_at: '2026-11-21T12:00:00.000Z',
          }),
        ],
      },
    });
    expect(await store.getRun(done.runKey)).toEqual(done);
    const params = parameters(gcp.server.requestsTo('POST', JOBS_QUERY)[0] as RecordedRequest);
    expect(params.run_key).toEqual({ type: 'STRING', value: done.runKey });
  });

  it('asks for the history with pipeline, cut-off time and limit as parameters', async () => {
    gcp.server.on('POST', JOBS_QUERY, { json: { jobComplete: true, jobReference: { projectId: PROJECT, jobId: 'j3' }, schema: { fields: toBigQuerySchema(PIPELINE_RUNS_TABLE) }, totalRows: '0' } });
    expect(await store.runsEndedBefore('orders_load', '2026-11-21T04:41:00.000Z', 30)).toEqual([]);
    const request = gcp.server.requestsTo('POST', JOBS_QUERY)[0] as RecordedRequest;
    expect((request.json as QueryRequestBody).query).toMatch(/WHERE pipeline_id = @pipeline_id AND ended_at < @before/);
    expect(parameters(request)).toEqual({
      pipeline_id: { type: 'STRING', value: 'orders_load' },
      before: { type: 'TIMESTAMP', value: expect.stringMatching(/^2026-11-21[T ]04:41:00/) },
      limit: { type: 'INT64', value: 30 },
    });
  });

  it('reports an invalid statement as permanent and an outage as transient, naming the table', async () => {
    gcp.server.on('POST', JOBS_QUERY, googleError(400, 'INVALID_ARGUMENT', 'Syntax error', { reason: 'invalidQuery' }), 1);
    await expect(store.fold(done)).rejects.toThrow(PermanentStoreError);
    gcp.server.on('POST', JOBS_QUERY, googleError(503, 'UNAVAILABLE', 'backend', { reason: 'backendError' }));
    await expect(store.fold(done)).rejects.toThrow(TransientStoreError);
    await expect(store.fold(done)).rejects.toThrow(/flexiroaster\.pipeline_runs/);
  });
});
