import { DuckDbDatabase } from '../../../shared/src/adapters/duckdb/duckdb-database';
import { DuckDbEventStore } from '../../../shared/src/adapters/duckdb/duckdb-event-store';
import { DuckDbRunStore } from '../../../shared/src/adapters/duckdb/duckdb-run-store';
import { RulesOnlyClassifier } from '../../../shared/src/core/classify/rules-classifier';
import { PermanentStoreError } from '../../../shared/src/core/domain/errors';
import { IngestService } from '../../../shared/src/core/ingest/ingest-service';
import type { RunHealth } from '../../../shared/src/core/runs/track-runs';
import { RunTracker } from '../../../shared/src/core/runs/track-runs';
import { loadEntry } from '../normalize/fixture';
import { MemoryLogger } from '../../helpers/memory-logger';

const clock = { now: () => new Date('2026-11-21T12:00:00.000Z') };

function message(entry: unknown, messageId: string) {
  return { attributes: {}, base64Data: Buffer.from(JSON.stringify(entry)).toString('base64'), messageId };
}

describe('ingest folds each stored event into pipeline_runs', () => {
  let database: DuckDbDatabase;
  let runs: DuckDbRunStore;
  const seen: Array<RunHealth | undefined> = [];
  let service: IngestService;

  beforeEach(async () => {
    database = await DuckDbDatabase.open(':memory:');
    runs = new DuckDbRunStore(database, clock);
    seen.length = 0;
    service = new IngestService({
      store: new DuckDbEventStore(database, clock),
      classifier: new RulesOnlyClassifier(),
      logger: new MemoryLogger(),
      clock,
      runs: new RunTracker(runs, async (run) => ({ isAnomaly: false, score: 0, reasons: [`scored ${run.runId}`], detectors: {}, findings: [] })),
      onStored: async (_event, _classification, health) => {
        seen.push(health);
      },
    });
  });

  afterEach(async () => {
    await database.close();
  });

  async function rows(): Promise<Array<Record<string, unknown>>> {
    return database.read(async (connection) => (await connection.runAndReadAll('SELECT run_id, status, duration_ms, bytes_processed, slot_ms FROM pipeline_runs')).getRowObjectsJS());
  }

  it('stores the run once under duplicate delivery of the same LogEntry, and scores it only as it ends', async () => {
    const completion = loadEntry('bigquery/old-format-query-job-succeeded.json');
    await service.ingest(message(completion, 'm1'));
    await service.ingest(message(completion, 'm1'));
    await service.ingest(message(completion, 'm2'));
    expect(await rows()).toEqual([{ run_id: 'bquxjob_3f9a1c2e_19347ab1c2d', status: 'succeeded', duration_ms: 2258n, bytes_processed: 182736420n, slot_ms: 4127n }]);
    expect(seen.map((health) => health?.verdict?.reasons)).toEqual([['scored bquxjob_3f9a1c2e_19347ab1c2d'], ['scored bquxjob_3f9a1c2e_19347ab1c2d'], ['scored bquxjob_3f9a1c2e_19347ab1c2d']]);
  });

  it('does not score a run again when an older final event of it arrives late', async () => {
    const started = loadEntry('workflows/system-log-execution-started.json');
    const failed = loadEntry('workflows/system-log-execution-failed.json') as Record<string, unknown>;
    const executionId = (started.labels as Record<string, string>)['workflows.googleapis.com/execution_id'] as string;
    const lateFailure = { ...failed, timestamp: '2026-11-21T09:30:00Z', labels: { 'workflows.googleapis.com/execution_id': executionId }, resource: started.resource };
    const success = { ...loadEntry('workflows/system-log-execution-succeeded.json'), labels: { 'workflows.googleapis.com/execution_id': executionId } };
    await service.ingest(message(started, 's'));
    await service.ingest(message(success, 'ok'));
    await service.ingest(message(lateFailure, 'late'));
    expect(seen.map((health) => health?.endedRun?.status ?? null)).toEqual([null, 'succeeded', null]);
    expect(await rows()).toEqual([expect.objectContaining({ status: 'succeeded' })]);
  });

  it('keeps an event whose run row is refused for good, and says so in the log', async () => {
    const logger = new MemoryLogger();
    const refusing = new IngestService({
      store: new DuckDbEventStore(database, clock),
      classifier: new RulesOnlyClassifier(),
      logger,
      clock,
      runs: new RunTracker({
        fold: async () => {
          throw new PermanentStoreError('pipeline_runs: invalid', []);
        },
        getRun: async () => null,
      }),
    });
    const outcome = await refusing.ingest(message(loadEntry('bigquery/old-format-query-job-succeeded.json'), 'x'));
    expect(outcome.kind).toBe('stored');
    expect(logger.lines.some((entry) => entry.severity === 'ERROR' && /run telemetry refused/.test(entry.message))).toBe(true);
  });
});
