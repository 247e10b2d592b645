import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDbDatabase } from '../../shared/src/adapters/duckdb/duckdb-database';
import { DuckDbEventStore } from '../../shared/src/adapters/duckdb/duckdb-event-store';
import { DuckDbReportReader } from '../../shared/src/adapters/duckdb/duckdb-report-reader';
import { TransientStoreError } from '../../shared/src/core/domain/errors';
import { classifiedEvent, minimalEvent } from '../helpers/classified-event-fixture';

describe('DuckDbReportReader', () => {
  let dir: string;
  let database: DuckDbDatabase;
  let store: DuckDbEventStore;
  let reader: DuckDbReportReader;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flexiroaster-report-'));
    database = await DuckDbDatabase.open(join(dir, 'report.duckdb'));
    store = new DuckDbEventStore(database, { now: () => new Date('2024-05-02T00:00:00.000Z') });
    reader = new DuckDbReportReader(database);
  });

  afterEach(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports zeros and empty lists for an empty database', async () => {
    await expect(reader.readReport({ topPipelines: 10 })).resolves.toEqual({
      totalEvents: 0,
      bySourceAndStatus: [],
      topFailingPipelines: [],
      categories: [],
      rejected: [],
    });
  });

  it('counts by source and status, ranks failing pipelines with their latest error, and groups categories and rejections', async () => {
    const failure = (id: string, pipelineId: string, occurredAt: string, errorMessage: string, category: 'permission_denied' | 'rate_limiting') =>
      classifiedEvent({ eventId: id, identity: { logName: 'l', insertId: id }, pipelineId, occurredAt, errorMessage, category });
    await store.saveEvent(failure('a1', 'daily_sales', '2024-05-01T01:00:00Z', 'first denial', 'permission_denied'));
    await store.saveEvent(failure('a2', 'daily_sales', '2024-05-01T04:00:00+02:00', 'latest denial', 'permission_denied'));
    await store.saveEvent(failure('a3', 'daily_sales', '2024-05-01T00:30:00Z', 'older quota', 'rate_limiting'));
    await store.saveEvent(failure('b1', 'hourly_ads', '2024-05-01T05:00:00.250Z', 'quota exceeded', 'rate_limiting'));
    await store.saveEvent(failure('b1', 'hourly_ads', '2024-05-01T05:00:00.250Z', 'redelivered duplicate', 'rate_limiting'));
    await store.saveEvent(minimalEvent({ eventId: 'c1' }));
    await store.saveEvent(minimalEvent({ eventId: 'c2', status: 'running' }));
    await store.saveEvent(minimalEvent({ eventId: 'd1', source: 'composer', pipelineId: 'etl_dag', status: 'failed', errorMessage: undefined, category: 'unknown' }));
    await store.saveRejected({ rejectionId: 'r1', reason: 'not_json', message: 'older not json', rawPayload: 'x', receivedAt: '2024-05-01T00:00:00Z' });
    await store.saveRejected({ rejectionId: 'r2', reason: 'not_json', message: 'newer not json', rawPayload: 'y', receivedAt: '2024-05-01T01:00:00Z' });
    await store.saveRejected({ rejectionId: 'r3', reason: 'unsupported_source', message: 'gce_instance is not supported', rawPayload: 'z', receivedAt: '2024-05-01T00:00:00Z' });

    const report = await reader.readReport({ topPipelines: 2 });

    expect(report.totalEvents).toBe(7);
    expect(report.bySourceAndStatus).toEqual([
      { source: 'bigquery', status: 'failed', events: 4 },
      { source: 'composer', status: 'failed', events: 1 },
      { source: 'dataflow', status: 'running', events: 1 },
      { source: 'dataflow', status: 'succeeded', events: 1 },
    ]);
    expect(report.topFailingPipelines).toEqual([
      // 04:00+02:00 is 02:00Z: the offset is honoured when ordering failures in time.
      { source: 'bigquery', pipelineId: 'daily_sales', failures: 3, lastFailureAt: '2024-05-01T02:00:00.000Z', lastError: 'latest denial' },
      { source: 'bigquery', pipelineId: 'hourly_ads', failures: 1, lastFailureAt: '2024-05-01T05:00:00.250Z', lastError: 'quota exceeded' },
    ]);
    expect(report.categories).toEqual([
      { category: 'permission_denied', events: 2 },
      { category: 'rate_limiting', events: 2 },
      { category: 'unknown', events: 1 },
    ]);
    expect(report.rejected).toEqual([
      { reason: 'not_json', inputs: 2, example: 'newer not json' },
      { reason: 'unsupported_source', inputs: 1, example: 'gce_instance is not supported' },
    ]);
  });

  it('takes the error of the most recent failure as lastError', async () => {
    await store.saveEvent(classifiedEvent({ eventId: 'x1', occurredAt: '2024-05-01T01:00:00Z', errorMessage: 'old' }));
    await store.saveEvent(classifiedEvent({ eventId: 'x2', occurredAt: '2024-05-01T09:00:00Z', errorMessage: 'new' }));
    await store.saveEvent(classifiedEvent({ eventId: 'x3', occurredAt: '2024-05-01T05:00:00Z', errorMessage: 'middle' }));
    const [top] = (await reader.readReport({ topPipelines: 1 })).topFailingPipelines;
    expect(top).toEqual({ source: 'bigquery', pipelineId: 'daily_sales', failures: 3, lastFailureAt: '2024-05-01T09:00:00.000Z', lastError: 'new' });
  });

  it('returns no failing pipelines when asked for none', async () => {
    await store.saveEvent(classifiedEvent());
    expect((await reader.readReport({ topPipelines: 0 })).topFailingPipelines).toEqual([]);
  });

  it('maps a read on a closed database to TransientStoreError', async () => {
    await database.close();
    await expect(reader.readReport({ topPipelines: 5 })).rejects.toBeInstanceOf(TransientStoreError);
  });
});
