import { DuckDbDatabase } from '../../shared/src/adapters/duckdb/duckdb-database';
import { DuckDbRunStore } from '../../shared/src/adapters/duckdb/duckdb-run-store';
import type { ClassifiedEvent } from '../../shared/src/core/domain/pipeline-event';
import { runOfEvent } from '../../shared/src/core/runs/merge-run';
import { minimalEvent } from '../helpers/classified-event-fixture';

const clock = { now: () => new Date('2026-11-21T12:00:00.000Z') };

function event(runId: string, overrides: Partial<ClassifiedEvent>): ClassifiedEvent {
  return minimalEvent({ source: 'bigquery', pipelineId: 'orders_load', runId, ...overrides });
}

describe('DuckDbRunStore', () => {
  let database: DuckDbDatabase;
  let store: DuckDbRunStore;

  beforeEach(async () => {
    database = await DuckDbDatabase.open(':memory:');
    store = new DuckDbRunStore(database, clock);
  });

  afterEach(async () => {
    await database.close();
  });

  async function storedRows(): Promise<number> {
    return database.read(async (connection) => Number((await connection.runAndReadAll('SELECT count(*) AS n FROM pipeline_runs')).getRowObjectsJS()[0]?.n));
  }

  it('keeps one row per run, upserted as the run progresses, and reads it back exactly (also from a fresh instance)', async () => {
    const running = runOfEvent(event('job_1', { status: 'running', occurredAt: '2026-11-21T04:00:00Z' }), null);
    const done = runOfEvent(
      event('job_1', { status: 'succeeded', occurredAt: '2026-11-21T04:41:00Z', telemetry: { bytesProcessed: 1000, slotMs: 5, outputRows: 7 } }),
      null,
    );
    await store.fold(running);
    await store.fold(done);
    await store.fold(done);
    expect(await storedRows()).toBe(1);
    const fresh = new DuckDbRunStore(database, clock);
    const run = await fresh.getRun(running.runKey);
    expect(run).toEqual({ ...done, startedAt: '2026-11-21T04:00:00.000Z', firstEventAt: '2026-11-21T04:00:00.000Z', durationMs: 41 * 60_000 });
  });

  it('gives the same row under duplicate and reordered delivery', async () => {
    const a = runOfEvent(event('job_2', { status: 'failed', occurredAt: '2026-11-21T05:00:00Z', stageId: 's1', category: 'network_timeout' }), null);
    const b = runOfEvent(event('job_2', { status: 'succeeded', occurredAt: '2026-11-21T05:30:00Z' }), null);
    await store.fold(b);
    await store.fold(a);
    await store.fold(b);
    const other = new DuckDbRunStore(database, clock);
    const first = await other.getRun(a.runKey);
    const second = await DuckDbDatabase.open(':memory:').then(async (db) => {
      const inOrder = new DuckDbRunStore(db, clock);
      await inOrder.fold(a);
      await inOrder.fold(b);
      const run = await inOrder.getRun(a.runKey);
      await db.close();
      return run;
    });
    expect(first).toEqual(second);
    expect(first?.status).toBe('succeeded');
  });

  it('lists final runs of a pipeline that ended before a time, newest first, excluding later and live runs', async () => {
    for (const [runId, end] of [['r1', '2026-11-20T01:00:00Z'], ['r2', '2026-11-20T02:00:00Z'], ['r3', '2026-11-20T03:00:00Z']] as const) {
      await store.fold(runOfEvent(event(runId, { status: 'succeeded', occurredAt: end }), null));
    }
    await store.fold(runOfEvent(event('live', { status: 'running', occurredAt: '2026-11-20T01:30:00Z' }), null));
    await store.fold(runOfEvent(minimalEvent({ source: 'bigquery', pipelineId: 'other', runId: 'x', status: 'succeeded', occurredAt: '2026-11-20T01:00:00Z' }), null));
    const history = await store.runsEndedBefore('orders_load', '2026-11-20T03:00:00.000Z', 10);
    expect(history.map((run) => run.runId)).toEqual(['r2', 'r1']);
  });
});
