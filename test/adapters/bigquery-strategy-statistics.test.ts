import { createBigQueryClient } from '../../shared/src/adapters/bigquery/bigquery-client';
import { BigQueryStrategyStatistics } from '../../shared/src/adapters/bigquery/bigquery-strategy-statistics';
import { PermanentStoreError, TransientStoreError } from '../../shared/src/core/domain/errors';
import type { StrategyOutcome } from '../../shared/src/core/remediation/ports';
import { STRATEGY_OUTCOMES_TABLE } from '../../shared/src/core/schema/tables';
import { FakeGcpServer, googleError } from '../helpers/fake-gcp-server';
import { offlineGcp } from '../helpers/offline-gcp';
import { FixedTokenAuthClient } from '../helpers/offline-google-auth';

const PROJECT = 'demo-project';
const DATASET = 'flexiroaster';
const INSERT_ALL_PATH = `/bigquery/v2/projects/${PROJECT}/datasets/${DATASET}/tables/strategy_outcomes/insertAll`;

function outcome(overrides: Partial<StrategyOutcome> = {}): StrategyOutcome {
  return {
    strategy: 'retry_bigquery_job',
    category: 'network_timeout',
    source: 'bigquery',
    pipelineId: 'acme-data.sales.orders',
    actionKey: '9c'.repeat(32),
    outcome: 'succeeded',
    timeToRecoverMs: 240_000,
    settledAt: '2024-05-01T10:04:05.000Z',
    ...overrides,
  };
}

type InsertAllBody = { skipInvalidRows: boolean; ignoreUnknownValues: boolean; rows: Array<{ insertId: string; json: Record<string, unknown> }> };

describe('BigQueryStrategyStatistics against the insertAll REST contract', () => {
  let server: FakeGcpServer;
  const gcp = offlineGcp({ strictRoutes: true });
  let auth: FixedTokenAuthClient;
  let statistics: BigQueryStrategyStatistics;

  beforeAll(() => {
    server = gcp.server;
  });
  beforeEach(() => {
    auth = new FixedTokenAuthClient('offline-token');
    statistics = new BigQueryStrategyStatistics({ client: createBigQueryClient({ projectId: PROJECT, apiEndpoint: server.baseUrl, authClient: auth, maxRetries: 0 }), datasetId: DATASET });
  });
  afterEach(() => {
    expect(auth.refreshAttempts).toBe(0);
  });

  const bodies = (): InsertAllBody[] => server.requestsTo('POST', INSERT_ALL_PATH).map((request) => request.json as InsertAllBody);

  it('POSTs one strategy_outcomes row with the action key as insertId', async () => {
    server.on('POST', INSERT_ALL_PATH, { json: { kind: 'bigquery#tableDataInsertAllResponse' } });

    await statistics.recordOutcome(outcome());

    const [request] = server.requestsTo('POST', INSERT_ALL_PATH);
    expect(request?.headers.authorization).toBe('Bearer offline-token');
    expect(request?.json).toEqual({
      skipInvalidRows: false,
      ignoreUnknownValues: false,
      rows: [
        {
          insertId: '9c'.repeat(32),
          json: {
            action_key: '9c'.repeat(32),
            strategy: 'retry_bigquery_job',
            category: 'network_timeout',
            source: 'bigquery',
            pipeline_id: 'acme-data.sales.orders',
            outcome: 'succeeded',
            time_to_recover_ms: 240_000,
            settled_at: '2024-05-01T10:04:05Z',
          },
        },
      ],
    });
    expect(Object.keys(bodies()[0]?.rows[0]?.json ?? {}).sort()).toEqual(STRATEGY_OUTCOMES_TABLE.fields.map((field) => field.name).sort());
  });

  it('sends an unmeasured time to recover as null, and a repeated outcome with the same insertId', async () => {
    server.on('POST', INSERT_ALL_PATH, { json: {} });
    const failed = outcome({ outcome: 'failed', timeToRecoverMs: null });
    await statistics.recordOutcome(failed);
    await statistics.recordOutcome(failed);
    expect(bodies().map((body) => body.rows[0]?.insertId)).toEqual(['9c'.repeat(32), '9c'.repeat(32)]);
    expect(bodies()[0]?.rows[0]?.json).toMatchObject({ outcome: 'failed', time_to_recover_ms: null });
  });

  it('writes to a configured table id', async () => {
    const path = `/bigquery/v2/projects/${PROJECT}/datasets/${DATASET}/tables/outcomes_test/insertAll`;
    server.on('POST', path, { json: {} });
    const client = createBigQueryClient({ projectId: PROJECT, apiEndpoint: server.baseUrl, authClient: auth, maxRetries: 0 });
    await new BigQueryStrategyStatistics({ client, datasetId: DATASET, table: 'outcomes_test' }).recordOutcome(outcome());
    expect(server.requestsTo('POST', path)).toHaveLength(1);
  });

  it('turns insertErrors into PermanentStoreError naming the action key', async () => {
    server.on('POST', INSERT_ALL_PATH, { json: { insertErrors: [{ index: 0, errors: [{ reason: 'invalid', location: 'settled_at', message: 'Invalid timestamp' }] }] } });
    const error = await statistics.recordOutcome(outcome()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PermanentStoreError);
    expect((error as PermanentStoreError).rowErrors).toEqual([{ rowId: '9c'.repeat(32), reason: 'invalid', message: 'Invalid timestamp' }]);
  });

  it.each([
    [503, 'UNAVAILABLE', 'backendError'],
    [429, 'RESOURCE_EXHAUSTED', 'rateLimitExceeded'],
  ])('maps HTTP %i to TransientStoreError after one request', async (status, name, reason) => {
    server.on('POST', INSERT_ALL_PATH, googleError(status, name, `scripted ${reason}`, { reason }));
    await expect(statistics.recordOutcome(outcome())).rejects.toBeInstanceOf(TransientStoreError);
    expect(server.requestsTo('POST', INSERT_ALL_PATH)).toHaveLength(1);
  });
});
