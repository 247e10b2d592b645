import { createBigQueryClient } from '../../shared/src/adapters/bigquery/bigquery-client';
import { BigQueryEventStore } from '../../shared/src/adapters/bigquery/bigquery-event-store';
import { PermanentStoreError, TransientStoreError } from '../../shared/src/core/domain/errors';
import { PIPELINE_EVENTS_TABLE, REJECTED_EVENTS_TABLE, type TableDefinition } from '../../shared/src/core/schema/tables';
import { CLASSIFIED_EVENT_ROW, classifiedEvent, minimalEvent } from '../helpers/classified-event-fixture';
import { FakeGcpServer, googleError, type RecordedRequest } from '../helpers/fake-gcp-server';
import { offlineGcp } from '../helpers/offline-gcp';
import { FixedTokenAuthClient } from '../helpers/offline-google-auth';

const PROJECT = 'demo-project';
const DATASET = 'flexiroaster';
const INSERT_ALL = /^\/bigquery\/v2\/projects\/([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)\/insertAll$/;
const clock = { now: () => new Date('2024-05-01T10:16:00.000Z') };
const STATUS_NAMES: Record<number, string> = { 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL' };

function expectRowMatchesSchema(json: Record<string, unknown>, table: TableDefinition): void {
  expect(Object.keys(json).sort()).toEqual(table.fields.map((field) => field.name).sort());
  for (const field of table.fields) {
    const value = json[field.name];
    if (field.mode === 'REQUIRED') expect({ [field.name]: value === null || value === undefined }).toEqual({ [field.name]: false });
    if (value === null) continue;
    if (field.type === 'INTEGER') expect({ [field.name]: Number.isInteger(value) }).toEqual({ [field.name]: true });
    if (field.type === 'STRING') expect({ [field.name]: typeof value }).toEqual({ [field.name]: 'string' });
    if (field.type === 'TIMESTAMP') expect({ [field.name]: value }).toEqual({ [field.name]: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/) });
    // insertAll takes a JSON column as JSON-encoded text.
    if (field.type === 'JSON') expect(() => JSON.parse(value as string)).not.toThrow();
  }
}

describe('BigQueryEventStore against the insertAll REST contract', () => {
  let server: FakeGcpServer;
  const gcp = offlineGcp({ strictRoutes: true });
  let auth: FixedTokenAuthClient;
  let store: BigQueryEventStore;

  beforeAll(() => {
    server = gcp.server;
  });

  beforeEach(() => {
    auth = new FixedTokenAuthClient('offline-token');
    const client = createBigQueryClient({ projectId: PROJECT, apiEndpoint: server.baseUrl, authClient: auth, maxRetries: 0 });
    store = new BigQueryEventStore({ client, datasetId: DATASET, clock });
  });

  afterEach(() => {
    // Nothing but the local server was contacted, and the token was never refreshed.
    expect(auth.refreshAttempts).toBe(0);
  });

  function insertAllRequest(): RecordedRequest {
    const requests = server.requestsTo('POST', INSERT_ALL);
    expect(requests).toHaveLength(1);
    return requests[0] as RecordedRequest;
  }

  it('POSTs one row to tables/pipeline_events/insertAll with the event id as insertId and a schema-shaped row', async () => {
    server.on('POST', INSERT_ALL, { json: { kind: 'bigquery#tableDataInsertAllResponse' } });

    await expect(store.saveEvent(classifiedEvent())).resolves.toBe('inserted');

    const request = insertAllRequest();
    expect(request.path).toBe(`/bigquery/v2/projects/${PROJECT}/datasets/${DATASET}/tables/pipeline_events/insertAll`);
    expect(request.headers.authorization).toBe('Bearer offline-token');
    expect(request.headers['content-type']).toMatch(/^application\/json/);
    expect(request.json).toEqual({
      skipInvalidRows: false,
      ignoreUnknownValues: false,
      rows: [
        {
          insertId: 'evt-0001',
          json: CLASSIFIED_EVENT_ROW,
        },
      ],
    });
    const body = request.json as { rows: Array<{ json: Record<string, unknown> }> };
    expectRowMatchesSchema(body.rows[0]?.json as Record<string, unknown>, PIPELINE_EVENTS_TABLE);
  });

  it('sends absent optional fields as JSON null', async () => {
    server.on('POST', INSERT_ALL, { json: {} });
    await store.saveEvent(minimalEvent());
    const row = (insertAllRequest().json as { rows: Array<{ insertId: string; json: Record<string, unknown> }> }).rows[0];
    expect(row?.insertId).toBe('evt-min');
    expect(row?.json).toMatchObject({ stage_id: null, error_message: null, rpc_code: null, category: null, resource_labels: '{}' });
    expectRowMatchesSchema(row?.json as Record<string, unknown>, PIPELINE_EVENTS_TABLE);
  });

  it('answers inserted for a redelivery too, sending the same insertId so BigQuery can drop the copy', async () => {
    server.on('POST', INSERT_ALL, { json: {} });
    await expect(store.saveEvent(classifiedEvent())).resolves.toBe('inserted');
    await expect(store.saveEvent(classifiedEvent())).resolves.toBe('inserted');
    const ids = server.requestsTo('POST', INSERT_ALL).map((request) => (request.json as { rows: Array<{ insertId: string }> }).rows[0]?.insertId);
    expect(ids).toEqual(['evt-0001', 'evt-0001']);
  });

  it('writes rejections to tables/rejected_events with the rejection id as insertId', async () => {
    server.on('POST', INSERT_ALL, { json: {} });
    await expect(
      store.saveRejected({ rejectionId: 'msg-9', reason: 'not_json', message: 'not JSON', rawPayload: '{', receivedAt: '2024-05-01T10:00:00.000Z', messageId: 'msg-9' }),
    ).resolves.toBe('inserted');
    const request = insertAllRequest();
    expect(INSERT_ALL.exec(request.path)?.[3]).toBe('rejected_events');
    const row = (request.json as { rows: Array<{ insertId: string; json: Record<string, unknown> }> }).rows[0];
    expect(row).toEqual({
      insertId: 'msg-9',
      json: { rejection_id: 'msg-9', reason: 'not_json', message: 'not JSON', raw_payload: '{', received_at: '2024-05-01T10:00:00Z', message_id: 'msg-9' },
    });
    expectRowMatchesSchema(row?.json as Record<string, unknown>, REJECTED_EVENTS_TABLE);
  });

  it('turns insertErrors into PermanentStoreError naming the row and reason, without resending the row', async () => {
    server.on('POST', INSERT_ALL, {
      json: {
        kind: 'bigquery#tableDataInsertAllResponse',
        insertErrors: [{ index: 0, errors: [{ reason: 'invalid', location: 'occurred_at', debugInfo: '', message: 'Invalid timestamp' }] }],
      },
    });

    const error = await store.saveEvent(classifiedEvent()).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(PermanentStoreError);
    expect((error as PermanentStoreError).rowErrors).toEqual([{ rowId: 'evt-0001', reason: 'invalid', message: 'Invalid timestamp' }]);
    expect((error as Error).message).toContain('row evt-0001: invalid (Invalid timestamp)');
    expect((error as Error).message).toContain('flexiroaster.pipeline_events');
    expect((error as Error).cause).toBeDefined();
    expect(server.requestsTo('POST', INSERT_ALL)).toHaveLength(1);
  });

  it('treats insertErrors that only describe BigQuery trouble (backendError) as transient', async () => {
    server.on('POST', INSERT_ALL, { json: { insertErrors: [{ index: 0, errors: [{ reason: 'backendError', message: 'try again' }] }] } });
    await expect(store.saveEvent(classifiedEvent())).rejects.toBeInstanceOf(TransientStoreError);
  });

  it('maps 503 to TransientStoreError after a single request (client retries off)', async () => {
    server.on('POST', INSERT_ALL, googleError(503, 'UNAVAILABLE', 'Service is unavailable', { reason: 'backendError' }));
    const started = process.hrtime.bigint();
    const error = await store.saveEvent(classifiedEvent()).catch((caught: unknown) => caught);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    expect(error).toBeInstanceOf(TransientStoreError);
    expect((error as Error).message).toContain('HTTP 503 backendError');
    expect(server.requestsTo('POST', INSERT_ALL)).toHaveLength(1);
    expect(elapsedMs).toBeLessThan(2000);
  });

  it.each([
    [429, 'rateLimitExceeded'],
    [500, 'internalError'],
    [403, 'accessDenied'],
    [404, 'notFound'],
  ])('maps HTTP %i %s to TransientStoreError: the deployment, not the row, is at fault', async (status, reason) => {
    server.on('POST', INSERT_ALL, googleError(status, STATUS_NAMES[status] ?? 'UNKNOWN', `scripted ${reason}`, { reason }));
    await expect(store.saveEvent(classifiedEvent())).rejects.toBeInstanceOf(TransientStoreError);
  });

  it('maps HTTP 400 invalid to PermanentStoreError for the row', async () => {
    server.on('POST', INSERT_ALL, googleError(400, 'INVALID_ARGUMENT', 'Row is too large', { reason: 'invalid' }));
    const error = await store.saveEvent(classifiedEvent()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PermanentStoreError);
    expect((error as PermanentStoreError).rowErrors).toEqual([{ rowId: 'evt-0001', reason: 'invalid', message: 'Row is too large' }]);
  });

  it('maps a dropped connection to TransientStoreError', async () => {
    server.on('POST', INSERT_ALL, { dropConnection: true });
    await expect(store.saveEvent(classifiedEvent())).rejects.toBeInstanceOf(TransientStoreError);
  });

  it('lets the client library retry a 503 itself when retries are on, then succeeds', async () => {
    // The backoff cap keeps the library's retry from sleeping its default 1-2 s.
    const client = createBigQueryClient({ projectId: PROJECT, apiEndpoint: server.baseUrl, authClient: auth, maxRetries: 1, maxRetryDelaySeconds: 0.01 });
    const retrying = new BigQueryEventStore({ client, datasetId: DATASET, clock, eventsTable: 'events_v2' });
    server.on('POST', INSERT_ALL, googleError(503, 'UNAVAILABLE', 'unavailable', { reason: 'backendError' }), 1).on('POST', INSERT_ALL, { json: {} });
    await expect(retrying.saveEvent(classifiedEvent())).resolves.toBe('inserted');
    const requests = server.requestsTo('POST', INSERT_ALL);
    expect(requests.map((request) => INSERT_ALL.exec(request.path)?.[3])).toEqual(['events_v2', 'events_v2']);
    expect(requests.map((request) => (request.json as { rows: Array<{ insertId: string }> }).rows[0]?.insertId)).toEqual(['evt-0001', 'evt-0001']);
  });
});

describe('BigQueryEventStore without a server', () => {
  it('maps connection refused to TransientStoreError', async () => {
    const closed = await FakeGcpServer.start();
    const url = closed.baseUrl;
    await closed.close();
    const client = createBigQueryClient({ projectId: PROJECT, apiEndpoint: url, authClient: new FixedTokenAuthClient(), maxRetries: 0 });
    const store = new BigQueryEventStore({ client, datasetId: DATASET, clock });
    const error = await store.saveEvent(classifiedEvent()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TransientStoreError);
    expect((error as Error).message).toMatch(/ECONNREFUSED|connect/i);
  });
});

describe('createBigQueryClient', () => {
  it('refuses a negative retry count or backoff cap', () => {
    expect(() => createBigQueryClient({ projectId: PROJECT, maxRetries: -1 })).toThrow('maxRetries must be a non-negative integer');
    expect(() => createBigQueryClient({ projectId: PROJECT, maxRetryDelaySeconds: 0 })).toThrow('maxRetryDelaySeconds must be positive');
  });
});
