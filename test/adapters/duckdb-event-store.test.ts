import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { DuckDbDatabase } from '../../shared/src/adapters/duckdb/duckdb-database';
import { DuckDbEventStore } from '../../shared/src/adapters/duckdb/duckdb-event-store';
import { PermanentStoreError, TransientStoreError } from '../../shared/src/core/domain/errors';
import type { Clock } from '../../shared/src/core/ports/clock';
import type { RejectedInput } from '../../shared/src/core/ports/event-store';
import { TABLES } from '../../shared/src/core/schema/tables';
import { classifiedEvent, minimalEvent } from '../helpers/classified-event-fixture';

const clock: Clock = { now: () => new Date('2024-05-01T10:16:00.000Z') };

function rejection(overrides: Partial<RejectedInput> = {}): RejectedInput {
  return {
    rejectionId: 'msg-42',
    reason: 'not_json',
    message: 'message.data is not JSON',
    rawPayload: '{oops',
    receivedAt: '2024-05-01T10:00:00.000Z',
    messageId: 'msg-42',
    ...overrides,
  };
}

describe('DuckDbEventStore on a database file', () => {
  let dir: string;
  let database: DuckDbDatabase;
  let store: DuckDbEventStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flexiroaster-duckdb-'));
    database = await DuckDbDatabase.open(join(dir, 'nested', 'dir', 'events.duckdb'));
    store = new DuckDbEventStore(database, clock);
  });

  afterEach(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function rows(sql: string): Promise<Record<string, unknown>[]> {
    return database.read(async (connection) => (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[]);
  }

  it('creates the parent directory and every defined table', async () => {
    const tables = await rows(`SELECT table_name FROM information_schema.tables ORDER BY table_name`);
    expect(tables.map((row) => row.table_name)).toEqual(TABLES.map((table) => table.name).sort());
    expect(tables.map((row) => row.table_name)).toEqual(expect.arrayContaining(['pipeline_events', 'rejected_events']));
  });

  it('inserts a new event with every column, timestamps in UTC and labels as JSON', async () => {
    await expect(store.saveEvent(classifiedEvent())).resolves.toBe('inserted');
    const [row] = await rows(`
      SELECT * EXCLUDE (occurred_at, ingested_at),
             strftime(occurred_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%fZ') AS occurred_at,
             strftime(ingested_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%fZ') AS ingested_at,
             resource_labels->>'project_id' AS label_project
        FROM pipeline_events`);
    expect(row).toEqual({
      event_id: 'evt-0001',
      log_name: 'projects/demo-project/logs/cloudaudit.googleapis.com%2Fdata_access',
      insert_id: 'ins-0001',
      source: 'bigquery',
      pipeline_id: 'daily_sales',
      run_id: 'job_daily_sales_20240501',
      stage_id: 'load_orders',
      status: 'failed',
      error_message: 'Access Denied: Table demo-project:sales.orders: User does not have permission',
      rpc_code: '7',
      bigquery_reason: 'accessDenied',
      dataflow_job_state: 'JOB_STATE_FAILED',
      airflow_exit_code: '1',
      signal: 'SIGKILL',
      exception_type: 'google.api_core.exceptions.Forbidden',
      category: 'permission_denied',
      signature_id: 'sig_5f0c2a8e41d7b903',
      occurred_at: '2024-05-01T10:15:30.123456Z',
      project_id: 'demo-project',
      location: 'US',
      resource_type: 'bigquery_project',
      resource_labels: '{"location":"US","project_id":"demo-project"}',
      severity: 'ERROR',
      trace: 'projects/demo-project/traces/0123456789abcdef',
      telemetry: '{"startedAt":"2024-05-01T10:15:01.000Z","endedAt":"2024-05-01T10:15:30.000Z","slotMs":5120}',
      ingested_at: '2024-05-01T10:16:00.000000Z',
      label_project: 'demo-project',
    });
  });

  it('stores a minimal event with nulls for absent fields', async () => {
    await expect(store.saveEvent(minimalEvent())).resolves.toBe('inserted');
    const [row] = await rows(`SELECT stage_id, error_message, rpc_code, category, trace FROM pipeline_events`);
    expect(row).toEqual({ stage_id: null, error_message: null, rpc_code: null, category: null, trace: null });
  });

  it('answers duplicate for a second save of the same event id and keeps the first row', async () => {
    await store.saveEvent(classifiedEvent());
    await expect(store.saveEvent(classifiedEvent({ errorMessage: 'redelivered copy' }))).resolves.toBe('duplicate');
    expect(await rows(`SELECT error_message FROM pipeline_events`)).toEqual([
      { error_message: 'Access Denied: Table demo-project:sales.orders: User does not have permission' },
    ]);
  });

  it('gives exactly one inserted among 50 concurrent saves of the same event', async () => {
    const outcomes = await Promise.all(Array.from({ length: 50 }, () => store.saveEvent(classifiedEvent())));
    expect(outcomes.filter((outcome) => outcome === 'inserted')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'duplicate')).toHaveLength(49);
    expect(await rows(`SELECT count(*)::INTEGER AS n FROM pipeline_events`)).toEqual([{ n: 1 }]);
  });

  it('inserts each of 50 concurrent distinct events once', async () => {
    const events = Array.from({ length: 50 }, (_, index) => classifiedEvent({ eventId: `evt-${index}` }));
    const outcomes = await Promise.all([...events, ...events].map((event) => store.saveEvent(event)));
    expect(outcomes.filter((outcome) => outcome === 'inserted')).toHaveLength(50);
    expect(await rows(`SELECT count(DISTINCT event_id)::INTEGER AS n, count(*)::INTEGER AS total FROM pipeline_events`)).toEqual([{ n: 50, total: 50 }]);
  });

  it('saves a rejection once and reports the redelivery as duplicate', async () => {
    await expect(store.saveRejected(rejection())).resolves.toBe('inserted');
    await expect(store.saveRejected(rejection())).resolves.toBe('duplicate');
    await expect(store.saveRejected(rejection({ rejectionId: 'hash-1', messageId: undefined }))).resolves.toBe('inserted');
    expect(await rows(`SELECT rejection_id, reason, message_id FROM rejected_events ORDER BY rejection_id`)).toEqual([
      { rejection_id: 'hash-1', reason: 'not_json', message_id: null },
      { rejection_id: 'msg-42', reason: 'not_json', message_id: 'msg-42' },
    ]);
  });

  it('refuses a row whose timestamp is not a timestamp as a permanent error naming the row', async () => {
    const error = await store.saveEvent(classifiedEvent({ eventId: 'evt-bad', occurredAt: 'yesterday' })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PermanentStoreError);
    expect((error as PermanentStoreError).rowErrors).toEqual([{ rowId: 'evt-bad', reason: 'invalid', message: expect.stringContaining('Conversion Error') }]);
    expect((error as PermanentStoreError).message).toContain('evt-bad');
  });

  it('refuses a non-integer code instead of rounding it', async () => {
    const error = await store.saveEvent(classifiedEvent({ codes: { rpcCode: 7.5 } })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PermanentStoreError);
    expect((error as PermanentStoreError).rowErrors[0]).toMatchObject({ rowId: 'evt-0001', reason: 'invalid' });
  });

  it('keeps working after a refused row', async () => {
    await store.saveEvent(classifiedEvent({ eventId: 'evt-bad', occurredAt: 'not a time' })).catch(() => undefined);
    await expect(store.saveEvent(classifiedEvent())).resolves.toBe('inserted');
  });

  it('reports a save after close as transient (the deployment, not the row, is at fault)', async () => {
    await database.close();
    await expect(store.saveEvent(classifiedEvent())).rejects.toBeInstanceOf(TransientStoreError);
  });
});

describe('DuckDbDatabase.open', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flexiroaster-duckdb-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reopens an existing file without losing rows (tables are created only if missing)', async () => {
    const path = join(dir, 'events.duckdb');
    const first = await DuckDbDatabase.open(path);
    await new DuckDbEventStore(first, clock).saveEvent(classifiedEvent());
    await first.close();
    const second = await DuckDbDatabase.open(path);
    try {
      await expect(new DuckDbEventStore(second, clock).saveEvent(classifiedEvent())).resolves.toBe('duplicate');
    } finally {
      await second.close();
    }
  });

  it('maps a file it cannot open to TransientStoreError naming the path', async () => {
    const path = join(dir, 'not-a-database.duckdb');
    writeFileSync(path, 'this is not a DuckDB file, just text that is long enough to have a header');
    const error = await DuckDbDatabase.open(path).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TransientStoreError);
    expect((error as Error).message).toContain(path);
  });

  it('works in memory for tests that need no file', async () => {
    const database = await DuckDbDatabase.open(':memory:');
    try {
      await expect(new DuckDbEventStore(database, clock).saveEvent(minimalEvent())).resolves.toBe('inserted');
    } finally {
      await database.close();
    }
  });

  it('creates tables compatible with a plain DuckDB client', async () => {
    const path = join(dir, 'plain.duckdb');
    await (await DuckDbDatabase.open(path)).close();
    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    try {
      const reader = await connection.runAndReadAll(`SELECT constraint_type FROM duckdb_constraints() WHERE table_name = 'pipeline_events' AND constraint_type = 'PRIMARY KEY'`);
      expect(reader.getRowObjectsJson()).toEqual([{ constraint_type: 'PRIMARY KEY' }]);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
