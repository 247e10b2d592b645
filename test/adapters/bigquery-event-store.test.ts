import http from 'node:http';
import https from 'node:https';
import { createBigQueryClient } from '../../shared/src/adapters/bigquery/bigquery-client';
import { BigQueryEventStore } from '../../shared/src/adapters/bigquery/bigquery-event-store';
import { PermanentStoreError, TransientStoreError } from '../../shared/src/core/domain/errors';
import { PIPELINE_EVENTS_TABLE, REJECTED_EVENTS_TABLE, type TableDefinition } from '../../shared/src/core/schema/tables';
import { classifiedEvent, minimalEvent } from '../helpers/classified-event-fixture';
import { FixedTokenAuthClient } from '../helpers/offline-google-auth';
import { googleApiError, type RecordedRequest, RecordingServer } from '../helpers/recording-server';

// eslint-disable-next-line @typescript-eslint/no-require-imports

const PROJECT = 'demo-project';
const DATASET = 'flexiroaster';
const INSERT_ALL = /^\/bigquery\/v2\/projects\/([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)\/insertAll$/;
const clock = { now: () => new Date('2024-05-01T10:16:00.000Z') };

/** Every host any HTTP stack in this process tried to reach, to prove nothing left 127.0.0.1. */
function recordOutboundHosts(): { hosts: Set<string>; restore(): void } {
  const hosts = new Set<string>();
  const hostOf = (args: unknown[]): void => {
    for (const arg of args) {
      if (typeof arg === 'string' || arg instanceof URL) {
        hosts.add(new URL(String(arg)).hostname);
        return;
      }
      if (typeof arg === 'object' && arg !== null && ('hostname' in arg || 'host' in arg)) {
        const options = arg as { hostname?: string | null; host?: string | null };
        hosts.add(String(options.hostname ?? options.host).replace(/:\d+$/, ''));
        return;
      }
    }
  };
  // Originals are captured before spying: spyOn replaces the property, so reading it afterwards would recurse.
  const httpRequest = http.request.bind(http) as (...args: unknown[]) => http.ClientRequest;
  const httpsRequest = https.request.bind(https) as (...args: unknown[]) => http.ClientRequest;
  const originalFetch = globalThis.fetch.bind(globalThis);
  const spies = [
    jest.spyOn(http, 'request').mockImplementation(((...args: unknown[]) => {
      hostOf(args);
      return httpRequest(...args);
    }) as typeof http.request),
    jest.spyOn(https, 'request').mockImplementation(((...args: unknown[]) => {
      hostOf(args);
      return httpsRequest(...args);
    }) as typeof https.request),
    jest.spyOn(globalThis, 'fetch').mockImplementation((input: Parameters<typeof fetch>[0], init?: RequestInit) => {
      hosts.add(new URL(input instanceof Request ? input.url : String(input)).hostname);
      return originalFetch(input, init);
    }),
  ];
  return { hosts, restore: () => spies.forEach((spy) => spy.mockRestore()) };
}

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
  let server: RecordingServer;
  let auth: FixedTokenAuthClient;
  let store: BigQueryEventStore;
  let outbound: ReturnType<typeof recordOutboundHosts>;

  beforeAll(async () => {
    server = await RecordingServer.start();
  });
  afterAll(async () => {
    await server.close();
  });

  beforeEach(() => {
    server.reset();
    outbound = recordOutboundHosts();
    auth = new FixedTokenAuthClient('offline-token');
    const client = createBigQueryClient({ projectId: PROJECT, apiEndpoint: server.url, authClient: auth, maxRetries: 0 });
    store = new BigQueryEventStore({ client, datasetId: DATASET, clock });
  });

  afterEach(() => {
    outbound.restore();
    // Nothing but the recording server was contacted, and the token was never refreshed.
    expect([...outbound.hosts]).toEqual(['127.0.0.1']);
    expect(auth.refreshAttempts).toBe(0);
    expect(server.unmatched).toEqual([]);
  });

  function insertAllRequest(): RecordedRequest {
    const requests = server.requestsTo('POST', INSERT_ALL);
    expect(requests).toHaveLength(1);
    return requests[0] as RecordedRequest;
  }

  it('POSTs one row to tables/pipeline_events/insertAll with the event id as insertId and a schema-shaped row', async () => {
    server.route('POST', INSERT_ALL, { body: { kind: 'bigquery#tableDataInsertAllResponse' } });

    await expect(store.saveEvent(classifiedEvent())).resolves.toBe('inserted');

    const request = insertAllRequest();
    expect(request.path).toBe(`/bigquery/v2/projects/${PROJECT}/datasets/${DATASET}/tables/pipeline_events/insertAll`);
    expect(request.headers.authorization).toBe('Bearer offline-token');
    expect(request.headers['content-type']).toMatch(/^application\/json/);
    expect(request.body).toEqual({
      skipInvalidRows: false,
      ignoreUnknownValues: false,
      rows: [
        {
          insertId: 'evt-0001',
          json: {
            event_id: 'evt-0001',
            log_name: 'projects/demo-project/logs/cloudaudit.googleapis.com%2Fdata_access',
            insert_id: 'ins-0001',
            source: 'bigquery',
            pipeline_id: 'daily_sales',
            run_id: 'job_daily_sales_20240501',
            stage_id: 'load_orders',
            status: 'failed',
            error_message: 'Access Denied: Table demo-project:sales.orders: User does not have permission',
            rpc_code: 7,
            bigquery_reason: 'accessDenied',
            dataflow_job_state: 'JOB_STATE_FAILED',
            airflow_exit_code: 1,
            signal: 'SIGKILL',
            exception_type: 'google.api_core.exceptions.Forbidden',
            category: 'permission_denied',
            occurred_at: '2024-05-01T10:15:30.123456Z',
            project_id: 'demo-project',
            location: 'US',
            resource_type: 'bigquery_project',
            resource_labels: '{"location":"US","project_id":"demo-project"}',
            severity: 'ERROR',
            trace: 'projects/demo-project/traces/0123456789abcdef',
            ingested_at: '2024-05-01T10:16:00.000Z',
          },
        },
      ],
    });
    const body = request.body as { rows: Array<{ json: Record<string, unknown> }> };
    expectRowMatchesSchema(body.rows[0]?.json as Record<string, unknown>, PIPELINE_EVENTS_TABLE);
  });

  it('sends absent optional fields as JSON null', async () => {
    server.route('POST', INSERT_ALL, { body: {} });
    await store.saveEvent(minimalEvent());
    const row = (insertAllRequest().body as { rows: Array<{ insertId: string; json: Record<string, unknown> }> }).rows[0];
    expect(row?.insertId).toBe('evt-min');
    expect(row?.json).toMatchObject({ stage_id: null, error_message: null, rpc_code: null, category: null, resource_labels: '{}' });
    expectRowMatchesSchema(row?.json as Record<string, unknown>, PIPELINE_EVENTS_TABLE);
  });

  it('answers inserted for a redelivery too, sending the same insertId so BigQuery can drop the copy', async () => {
    server.route('POST', INSERT_ALL, { body: {} });
    await expect(store.saveEvent(classifiedEvent())).resolves.toBe('inserted');
    await expect(store.saveEvent(classifiedEvent())).resolves.toBe('inserted');
    const ids = server.requestsTo('POST', INSERT_ALL).map((request) => (request.body as { rows: Array<{ insertId: string }> }).rows[0]?.insertId);
    expect(ids).toEqual(['evt-0001', 'evt-0001']);
  });

  it('writes rejections to tables/rejected_events with the rejection id as insertId', async () => {
    server.route('POST', INSERT_ALL, { body: {} });
    await expect(
      store.saveRejected({ rejectionId: 'msg-9', reason: 'not_json', message: 'not JSON', rawPayload: '{', receivedAt: '2024-05-01T10:00:00.000Z', messageId: 'msg-9' }),
    ).resolves.toBe('inserted');
    const request = insertAllRequest();
    expect(INSERT_ALL.exec(request.path)?.[3]).toBe('rejected_events');
    const row = (request.body as { rows: Array<{ insertId: string; json: Record<string, unknown> }> }).rows[0];
    expect(row).toEqual({
      insertId: 'msg-9',
      json: { rejection_id: 'msg-9', reason: 'not_json', message: 'not JSON', raw_payload: '{', received_at: '2024-05-01T10:00:00Z', message_id: 'msg-9' },
    });
    expectRowMatchesSchema(row?.json as Record<string, unknown>, REJECTED_EVENTS_TABLE);
  });

  it('turns insertErrors into PermanentStoreError naming the row and reason, without resending the row', async () => {
    server.route('POST', INSERT_ALL, {
      body: {
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
    server.route('POST', INSERT_ALL, { body: { insertErrors: [{ index: 0, errors: [{ reason: 'backendError', message: 'try again' }] }] } });
    await expect(store.saveEvent(classifiedEvent())).rejects.toBeInstanceOf(TransientStoreError);
  });

  it('maps 503 to TransientStoreError after a single request (client retries off)', async () => {
    server.route('POST', INSERT_ALL, googleApiError(503, 'Service is unavailable', 'backendError'));
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
    server.route('POST', INSERT_ALL, googleApiError(status, `scripted ${reason}`, reason));
    await expect(store.saveEvent(classifiedEvent())).rejects.toBeInstanceOf(TransientStoreError);
  });

  it('maps HTTP 400 invalid to PermanentStoreError for the row', async () => {
    server.route('POST', INSERT_ALL, googleApiError(400, 'Row is too large', 'invalid'));
    const error = await store.saveEvent(classifiedEvent()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PermanentStoreError);
    expect((error as PermanentStoreError).rowErrors).toEqual([{ rowId: 'evt-0001', reason: 'invalid', message: 'Row is too large' }]);
  });

  it('maps a dropped connection to TransientStoreError', async () => {
    server.route('POST', INSERT_ALL, { dropConnection: true });
    await expect(store.saveEvent(classifiedEvent())).rejects.toBeInstanceOf(TransientStoreError);
  });

  it('lets the client library retry a 503 itself when retries are on, then succeeds', async () => {
    // The backoff cap keeps the library's retry from sleeping its default 1-2 s.
    const client = createBigQueryClient({ projectId: PROJECT, apiEndpoint: server.url, authClient: auth, maxRetries: 1, maxRetryDelaySeconds: 0.01 });
    const retrying = new BigQueryEventStore({ client, datasetId: DATASET, clock, eventsTable: 'events_v2' });
    server.route('POST', INSERT_ALL, googleApiError(503, 'unavailable'), { body: {} });
    await expect(retrying.saveEvent(classifiedEvent())).resolves.toBe('inserted');
    const requests = server.requestsTo('POST', INSERT_ALL);
    expect(requests.map((request) => INSERT_ALL.exec(request.path)?.[3])).toEqual(['events_v2', 'events_v2']);
    expect(requests.map((request) => (request.body as { rows: Array<{ insertId: string }> }).rows[0]?.insertId)).toEqual(['evt-0001', 'evt-0001']);
  });
});

describe('BigQueryEventStore without a server', () => {
  it('maps connection refused to TransientStoreError', async () => {
    const closed = await RecordingServer.start();
    const url = closed.url;
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
