import { DuckDbDatabase } from '../../shared/src/adapters/duckdb/duckdb-database';
import { DuckDbStrategyStatistics } from '../../shared/src/adapters/duckdb/duckdb-strategy-statistics';
import { PermanentStoreError } from '../../shared/src/core/domain/errors';
import type { StrategyOutcome } from '../../shared/src/core/remediation/ports';
import { KNOWLEDGE_BASE_TABLE } from '../../shared/src/core/schema/tables';
import { harness, memoryCoordinationStore, request } from '../helpers/remediation-fakes';

function outcome(overrides: Partial<StrategyOutcome> = {}): StrategyOutcome {
  return {
    strategy: 'retry_bigquery_job',
    category: 'network_timeout',
    source: 'bigquery',
    pipelineId: 'acme-data.sales.orders',
    actionKey: 'k1',
    outcome: 'succeeded',
    timeToRecoverMs: 60_000,
    settledAt: '2024-05-01T10:05:00.000Z',
    ...overrides,
  };
}

describe('DuckDbStrategyStatistics', () => {
  let database: DuckDbDatabase;
  let statistics: DuckDbStrategyStatistics;

  beforeEach(async () => {
    database = await DuckDbDatabase.open(':memory:');
    statistics = await DuckDbStrategyStatistics.open(database);
  });
  afterEach(() => database.close());

  async function rows(): Promise<Array<Record<string, unknown>>> {
    return database.read(async (connection) => {
      const reader = await connection.runAndReadAll(
        `SELECT action_key, strategy, category, source, pipeline_id, outcome, time_to_recover_ms,
                strftime(settled_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') AS settled_at
           FROM strategy_outcomes ORDER BY action_key`,
      );
      return reader.getRowObjectsJS() as Array<Record<string, unknown>>;
    });
  }

  it('stores one strategy_outcomes row per outcome, every column from the port', async () => {
    await statistics.recordOutcome(outcome());
    await statistics.recordOutcome(outcome({ actionKey: 'k2', outcome: 'failed', timeToRecoverMs: null, settledAt: '2024-05-01T12:00:00+02:00' }));
    expect(await rows()).toEqual([
      { action_key: 'k1', strategy: 'retry_bigquery_job', category: 'network_timeout', source: 'bigquery', pipeline_id: 'acme-data.sales.orders', outcome: 'succeeded', time_to_recover_ms: 60_000n, settled_at: '2024-05-01T10:05:00.000Z' },
      { action_key: 'k2', strategy: 'retry_bigquery_job', category: 'network_timeout', source: 'bigquery', pipeline_id: 'acme-data.sales.orders', outcome: 'failed', time_to_recover_ms: null, settled_at: '2024-05-01T10:00:00.000Z' },
    ]);
  });

  it('counts an outcome recorded twice for the same action key once', async () => {
    await statistics.recordOutcome(outcome());
    await statistics.recordOutcome(outcome({ outcome: 'failed', timeToRecoverMs: null }));
    await Promise.all(Array.from({ length: 10 }, () => statistics.recordOutcome(outcome())));
    expect((await rows()).map((row) => [row.action_key, row.outcome])).toEqual([['k1', 'succeeded']]);
  });

  it('summarizes per strategy: successes, failures, success rate and median time to recover over successes', async () => {
    const retry = [
      outcome({ actionKey: 'r1', timeToRecoverMs: 30_000 }),
      outcome({ actionKey: 'r2', timeToRecoverMs: 90_000 }),
      outcome({ actionKey: 'r3', timeToRecoverMs: 600_000 }),
      // A quiet-period success measures no time to recover; it counts as a success, not in the median.
      outcome({ actionKey: 'r4', timeToRecoverMs: null }),
      outcome({ actionKey: 'r5', outcome: 'failed', timeToRecoverMs: null }),
    ];
    const restart = [outcome({ actionKey: 'd1', strategy: 'relaunch_dataflow_flex_template', source: 'dataflow', outcome: 'failed', timeToRecoverMs: null })];
    const escalate = [outcome({ actionKey: 'e1', strategy: 'escalate', timeToRecoverMs: null }), outcome({ actionKey: 'e2', strategy: 'escalate', timeToRecoverMs: null })];
    for (const item of [...retry, ...restart, ...escalate]) await statistics.recordOutcome(item);

    expect(await statistics.summary()).toEqual([
      { strategy: 'retry_bigquery_job', successes: 4, failures: 1, successRate: 0.8, medianTimeToRecoverMs: 90_000 },
      { strategy: 'escalate', successes: 2, failures: 0, successRate: 1, medianTimeToRecoverMs: null },
      { strategy: 'relaunch_dataflow_flex_template', successes: 0, failures: 1, successRate: 0, medianTimeToRecoverMs: null },
    ]);
  });

  it('takes the mean of the two middle values for an even count, and can start at an instant', async () => {
    await statistics.recordOutcome(outcome({ actionKey: 'a', timeToRecoverMs: 1_000, settledAt: '2024-04-01T00:00:00.000Z' }));
    await statistics.recordOutcome(outcome({ actionKey: 'b', timeToRecoverMs: 2_000 }));
    await statistics.recordOutcome(outcome({ actionKey: 'c', timeToRecoverMs: 5_000 }));
    expect((await statistics.summary())[0]?.medianTimeToRecoverMs).toBe(2_000);
    expect(await statistics.summary({ since: '2024-05-01T00:00:00Z' })).toEqual([
      { strategy: 'retry_bigquery_job', successes: 2, failures: 0, successRate: 1, medianTimeToRecoverMs: 3_500 },
    ]);
  });

  it('summarizes an empty table as no strategies', async () => {
    expect(await statistics.summary()).toEqual([]);
  });

  it('refuses a malformed settled_at as a permanent row fault', async () => {
    const error = await statistics.recordOutcome(outcome({ settledAt: 'yesterday' })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PermanentStoreError);
    expect((error as PermanentStoreError).rowErrors[0]?.rowId).toBe('k1');
  });

  it('creates its table on a database opened without it', async () => {
    const bare = await DuckDbDatabase.open(':memory:', [KNOWLEDGE_BASE_TABLE]);
    try {
      const own = await DuckDbStrategyStatistics.open(bare);
      await own.recordOutcome(outcome());
      expect(await own.summary()).toEqual([{ strategy: 'retry_bigquery_job', successes: 1, failures: 0, successRate: 1, medianTimeToRecoverMs: 60_000 }]);
    } finally {
      await bare.close();
    }
  });

  it('learns from what RemediationService reports when a run recovers', async () => {
    const h = await harness({ dryRun: false, plans: { network_timeout: ['retry_bigquery_job', 'escalate'] } }, undefined, await memoryCoordinationStore());
    const decision = await h.service.handle(request('network_timeout'));
    await h.service.settle({ ...request('network_timeout').event, eventId: 'evt-ok', status: 'succeeded', errorMessage: undefined, runId: decision.createdRunId as string, occurredAt: '2024-05-01T10:02:05.000Z' });
    for (const reported of h.statistics.outcomes) await statistics.recordOutcome(reported);
    expect(await statistics.summary()).toEqual([{ strategy: 'retry_bigquery_job', successes: 1, failures: 0, successRate: 1, medianTimeToRecoverMs: 120_000 }]);
  });
});
