import { createBigQueryClient } from '../../shared/src/adapters/bigquery/bigquery-client';
import { BigQueryRemediationSink } from '../../shared/src/adapters/bigquery/bigquery-remediation-sink';
import { PermanentStoreError, TransientStoreError } from '../../shared/src/core/domain/errors';
import type { RemediationRecord } from '../../shared/src/core/remediation/remediation-record';
import { REMEDIATION_ACTIONS_AUDIT_TABLE } from '../../shared/src/core/schema/tables';
import { FakeGcpServer, googleError, type RecordedRequest } from '../helpers/fake-gcp-server';
import { offlineGcp } from '../helpers/offline-gcp';
import { FixedTokenAuthClient } from '../helpers/offline-google-auth';

const PROJECT = 'demo-project';
const DATASET = 'flexiroaster';
const INSERT_ALL_PATH = `/bigquery/v2/projects/${PROJECT}/datasets/${DATASET}/tables/remediation_actions/insertAll`;
const KEY = '3f'.repeat(32);
const clock = { now: () => new Date('2024-05-01T10:20:00.000Z') };

function record(overrides: Partial<RemediationRecord> = {}): RemediationRecord {
  return {
    action_key: KEY,
    event_id: 'evt-1',
    pipeline_id: 'acme-data.sales.orders',
    run_id: 'bquxjob_1a2b3c',
    root_run_id: 'bquxjob_1a2b3c',
    created_run_id: 'bquxjob_1a2b3c_flexiroaster_3f3f3f3f',
    source: 'bigquery',
    category: 'network_timeout',
    confidence: 0.93,
    signature: 'Connection reset by peer',
    strategy: 'retry_bigquery_job',
    attempt: 1,
    autonomy: 'auto',
    dry_run: false,
    executed: true,
    status: 'submitted',
    reason: 'retry_bigquery_job submitted',
    explanation: '{"summary":"retry","history":[]}',
    action: '{"kind":"bigquery.rerun_job"}',
    request: '{"event":{"eventId":"evt-1"}}',
    decided_at: '2024-05-01T10:00:05.000Z',
    not_before: null,
    deadline_at: '2024-05-01T11:00:05.000Z',
    settled_at: null,
    time_to_recover_ms: null,
    ...overrides,
  };
}

type InsertAllBody = { skipInvalidRows: boolean; ignoreUnknownValues: boolean; rows: Array<{ insertId: string; json: Record<string, unknown> }> };

describe('BigQueryRemediationSink against the insertAll REST contract', () => {
  let server: FakeGcpServer;
  const gcp = offlineGcp({ strictRoutes: true });
  let auth: FixedTokenAuthClient;
  let sink: BigQueryRemediationSink;

  beforeAll(() => {
    server = gcp.server;
  });
  beforeEach(() => {
    auth = new FixedTokenAuthClient('offline-token');
    const client = createBigQueryClient({ projectId: PROJECT, apiEndpoint: server.baseUrl, authClient: auth, maxRetries: 0 });
    sink = new BigQueryRemediationSink({ client, datasetId: DATASET, clock });
  });
  afterEach(() => {
    expect(auth.refreshAttempts).toBe(0);
  });

  const bodies = (): InsertAllBody[] => server.requestsTo('POST', INSERT_ALL_PATH).map((request: RecordedRequest) => request.json as InsertAllBody);

  it('POSTs one row to tables/remediation_actions/insertAll: every record column, the version id as insertId, and recorded_at', async () => {
    server.on('POST', INSERT_ALL_PATH, { json: { kind: 'bigquery#tableDataInsertAllResponse' } });

    await sink.write(record());

    const [request] = server.requestsTo('POST', INSERT_ALL_PATH);
    expect(request?.headers.authorization).toBe('Bearer offline-token');
    const versionId = `${KEY}:submitted:2024-05-01T10:00:05.000Z`;
    expect(request?.json).toEqual({
      skipInvalidRows: false,
      ignoreUnknownValues: false,
      rows: [{ insertId: versionId, json: { ...record(), version_id: versionId, recorded_at: '2024-05-01T10:20:00.000Z' } }],
    });
    const json = bodies()[0]?.rows[0]?.json as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual(REMEDIATION_ACTIONS_AUDIT_TABLE.fields.map((field) => field.name).sort());
    for (const field of REMEDIATION_ACTIONS_AUDIT_TABLE.fields) {
      if (field.mode === 'REQUIRED') expect({ [field.name]: json[field.name] ?? null }).not.toEqual({ [field.name]: null });
      if (field.type === 'JSON' && json[field.name] !== null) expect(() => JSON.parse(json[field.name] as string)).not.toThrow();
    }
  });

  it('keeps every transition (distinct insertIds) and sends a repeated version with the same insertId', async () => {
    server.on('POST', INSERT_ALL_PATH, { json: {} });
    const settled = record({ status: 'succeeded', settled_at: '2024-05-01T10:12:00.000Z', deadline_at: null, time_to_recover_ms: 715_000 });

    await sink.write(record({ status: 'decided', executed: false, not_before: '2024-05-01T10:01:00.000Z' }));
    await sink.write(record());
    await sink.write(settled);
    await sink.write(settled);

    expect(bodies().map((body) => body.rows[0]?.insertId)).toEqual([
      `${KEY}:decided:2024-05-01T10:00:05.000Z`,
      `${KEY}:submitted:2024-05-01T10:00:05.000Z`,
      `${KEY}:succeeded:2024-05-01T10:12:00.000Z`,
      `${KEY}:succeeded:2024-05-01T10:12:00.000Z`,
    ]);
    expect(bodies()[2]?.rows[0]?.json).toMatchObject({ status: 'succeeded', time_to_recover_ms: 715_000, settled_at: '2024-05-01T10:12:00.000Z', deadline_at: null });
  });

  it('sends only the table columns, even when the record object carries more', async () => {
    server.on('POST', INSERT_ALL_PATH, { json: {} });
    await sink.write({ ...record(), updateTime: 'firestore-metadata' } as RemediationRecord);
    expect(Object.keys(bodies()[0]?.rows[0]?.json ?? {})).not.toContain('updateTime');
  });

  it('hashes a version id that would exceed 128 characters', async () => {
    server.on('POST', INSERT_ALL_PATH, { json: {} });
    await sink.write(record({ action_key: 'k'.repeat(120) }));
    const row = bodies()[0]?.rows[0];
    expect(row?.insertId).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.json.version_id).toBe(row?.insertId);
  });

  it('writes to a configured table id', async () => {
    const path = `/bigquery/v2/projects/${PROJECT}/datasets/${DATASET}/tables/remediation_actions_v2/insertAll`;
    server.on('POST', path, { json: {} });
    const client = createBigQueryClient({ projectId: PROJECT, apiEndpoint: server.baseUrl, authClient: auth, maxRetries: 0 });
    await new BigQueryRemediationSink({ client, datasetId: DATASET, clock, table: 'remediation_actions_v2' }).write(record());
    expect(server.requestsTo('POST', path)).toHaveLength(1);
  });

  it('turns insertErrors for the row into PermanentStoreError naming the version', async () => {
    server.on('POST', INSERT_ALL_PATH, { json: { insertErrors: [{ index: 0, errors: [{ reason: 'invalid', location: 'explanation', message: 'Invalid JSON' }] }] } });
    const error = await sink.write(record()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PermanentStoreError);
    expect((error as PermanentStoreError).rowErrors).toEqual([{ rowId: `${KEY}:submitted:2024-05-01T10:00:05.000Z`, reason: 'invalid', message: 'Invalid JSON' }]);
    expect((error as Error).message).toContain('flexiroaster.remediation_actions');
  });

  it.each([
    [503, 'UNAVAILABLE', 'backendError'],
    [429, 'RESOURCE_EXHAUSTED', 'rateLimitExceeded'],
    [404, 'NOT_FOUND', 'notFound'],
  ])('maps HTTP %i to TransientStoreError after one request', async (status, name, reason) => {
    server.on('POST', INSERT_ALL_PATH, googleError(status, name, `scripted ${reason}`, { reason }));
    await expect(sink.write(record())).rejects.toBeInstanceOf(TransientStoreError);
    expect(server.requestsTo('POST', INSERT_ALL_PATH)).toHaveLength(1);
  });
});
