import { buildSnapshot } from '../../../shared/src/core/health/build-snapshot';
import type { SnapshotInput } from '../../../shared/src/core/health/snapshot-types';
import { finishedRun } from '../../helpers/run-records';

const NOW = new Date('2026-11-21T12:00:00.000Z');
const MIN = 60_000;

function input(overrides: Partial<SnapshotInput> = {}): SnapshotInput {
  return {
    pipelineId: 'orders_daily',
    runs: [],
    lastSuccessAt: null,
    resources: { cpuPercent: null, memoryPercent: null, reasons: ['no CPU utilization series'] },
    openRemediation: [],
    anomalies: [],
    ...overrides,
  };
}

// Six days of 40-minute runs writing ~1M rows, then today: a slow run, a failed run with a retry, and a small load.
const history = Array.from({ length: 6 }, (_, index) =>
  finishedRun(`d${index}`, new Date(Date.parse('2026-11-15T03:00:00Z') + index * 86_400_000).toISOString(), 40 * MIN + index * MIN, { outputRows: 1_000_000 + index }),
);
const today = [
  finishedRun('slow', '2026-11-21T03:00:00Z', 190 * MIN, { outputRows: 100_000 }),
  finishedRun('broken', '2026-11-21T11:00:00Z', 10 * MIN, { status: 'failed', retries: 3, failedStages: ['load'], errorSignatures: ['sig-timeout'] }),
];

describe('the monitoring snapshot of one pipeline', () => {
  const snapshot = buildSnapshot(input({ runs: [...history, ...today], lastSuccessAt: '2026-11-21T06:10:00.000Z' }), NOW);

  it('counts runs, failures, failure rate and retries per sliding window', () => {
    expect(snapshot.windows['1h']).toMatchObject({ runs: 0, failures: 0, failureRate: null });
    expect(snapshot.windows['24h']).toMatchObject({ runs: 2, finished: 2, failures: 1, failureRate: 0.5, retries: 3, retryFrequency: 0.5 });
    expect(snapshot.windows['7d']).toMatchObject({ runs: 8, failures: 1, failureRate: 1 / 8 });
    expect(snapshot.failures).toEqual({ lastHour: 1, lastDay: 1 });
  });

  it('says how long since the last success', () => {
    expect(snapshot.timeSinceLastSuccessMs).toBe(Date.parse(NOW.toISOString()) - Date.parse('2026-11-21T06:10:00.000Z'));
  });

  it('compares the last 24 h with the days before: duration trend, throughput change, latency spikes', () => {
    expect(snapshot.durationTrend).toEqual({ recentMedianMs: 190 * MIN, baselineMedianMs: 42.5 * MIN, changePct: 347.1 });
    expect(snapshot.throughputChange).toMatchObject({ measure: 'output_rows', recentPerRun: 100_000, changePct: -90 });
    expect(snapshot.latencySpikes).toEqual([{ runId: 'slow', durationMs: 190 * MIN, medianMs: 43 * MIN }]);
  });

  it('lists failing stages and dominant error signatures, and leaves risk to issue 8', () => {
    expect(snapshot.stageFailures).toEqual([{ stageId: 'load', runs: 1 }]);
    expect(snapshot.dominantErrorSignatures).toEqual([{ signature: 'sig-timeout', runs: 1, lastSeenAt: today[1]?.lastEventAt }]);
    expect(snapshot.distinctErrorSignatures24h).toBe(1);
    expect(snapshot.risk).toBeNull();
    expect(snapshot.riskReason).toMatch(/issue 8/);
    expect(snapshot.resources.reasons).toEqual(['no CPU utilization series']);
  });

  it('calls the pipeline failing when its last run failed, healthy on a steady history', () => {
    expect(snapshot.health).toBe('failing');
    expect(snapshot.healthReasons[0]).toBe('last run broken failed');
    const steady = buildSnapshot(input({ runs: history, lastSuccessAt: history[5]?.endedAt ?? null }), NOW);
    expect(steady.health).toBe('healthy');
    expect(steady.latencySpikes).toEqual([]);
  });
});
