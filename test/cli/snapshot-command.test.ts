import { createSnapshotCommand } from '../../cli/commands/snapshot';
import { DuckDbDatabase } from '../../shared/src/adapters/duckdb/duckdb-database';
import { DuckDbRunStore } from '../../shared/src/adapters/duckdb/duckdb-run-store';
import { DuckDbSnapshotReader } from '../../shared/src/adapters/duckdb/duckdb-snapshot-reader';
import { SnapshotService } from '../../shared/src/core/health/snapshot-service';
import { commandIo } from '../helpers/command-io';
import { finishedRun } from '../helpers/run-records';

const clock = { now: () => new Date('2026-11-21T12:00:00.000Z') };

describe('flexiroaster snapshot PIPELINE', () => {
  let database: DuckDbDatabase;
  const command = () => createSnapshotCommand(async () => ({ snapshots: new SnapshotService(new DuckDbSnapshotReader(database), clock), close: async () => undefined }));

  beforeAll(async () => {
    database = await DuckDbDatabase.open(':memory:');
    const runs = new DuckDbRunStore(database, clock);
    await runs.fold(finishedRun('r1', '2026-11-20T03:00:00Z', 41 * 60_000, { retries: 2 }));
    await runs.fold(finishedRun('r2', '2026-11-21T03:00:00Z', 45 * 60_000, { status: 'failed', failedStages: ['load'], errorSignatures: ['sig-1'] }));
  });
  afterAll(() => database.close());

  it('prints the health, the windows and the failing stage', async () => {
    const io = commandIo();
    expect(await command()(['orders_daily'], io)).toBe(0);
    const text = io.output();
    expect(text).toMatch(/^orders_daily \(composer\): failing — last run r2 failed/);
    expect(text).toMatch(/24h\s+│?\s*1\s/);
    expect(text).toContain('load');
    expect(text).toContain('risk: - (failure-risk scoring (issue 8) is not wired in yet)');
  });

  it('prints the snapshot as JSON with --json', async () => {
    const io = commandIo();
    expect(await command()(['orders_daily', '--json'], io)).toBe(0);
    expect(JSON.parse(io.output())).toMatchObject({ pipelineId: 'orders_daily', windows: { '7d': { runs: 2, failures: 1, retries: 2 } } });
  });

  it('exits 1 with a message for a pipeline it knows nothing about, and 2 without a pipeline', async () => {
    const io = commandIo();
    expect(await command()(['nope'], io)).toBe(1);
    expect(io.errors()).toContain('no runs stored for pipeline "nope"');
    expect(await command()([], commandIo())).toBe(2);
  });
});
