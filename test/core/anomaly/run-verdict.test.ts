import { seasonalBaseline } from '../../../shared/src/core/anomaly/robust-baseline';
import { judgeRun } from '../../../shared/src/core/anomaly/verdict';
import type { RunRecord } from '../../../shared/src/core/runs/run-record';
import { dailyRuns, finishedRun } from '../../helpers/run-records';

const MIN = 60_000;
const UNTIL = '2026-11-21T00:00:00.000Z';
/** 30 daily runs at 14:00 taking 39–43 minutes and writing ~1M rows: a steady pipeline. */
const steady = dailyRuns(UNTIL, 30, 14, (day) => (39 + (day % 5)) * MIN, (day) => ({ outputRows: 1_000_000 + (day % 7) * 1000 }));
const at = (hour: number) => `2026-11-21T${String(hour).padStart(2, '0')}:00:00.000Z`;
const noResources = { resources: null };

function run(hour: number, durationMs: number, overrides: Partial<RunRecord> = {}): RunRecord {
  return finishedRun(`scored-${hour}`, at(hour), durationMs, { outputRows: 1_002_000, ...overrides });
}

describe('run anomaly verdict', () => {
  it('finds nothing on a steady history', () => {
    const verdict = judgeRun(run(14, 41 * MIN), steady, noResources);
    expect(verdict).toMatchObject({ isAnomaly: false, reasons: [], findings: [] });
    expect(verdict.score).toBeLessThan(0.5);
  });

  it('flags a slow run, saying by how much against which baseline', () => {
    const verdict = judgeRun(run(14, 192 * MIN), steady, noResources);
    expect(verdict.isAnomaly).toBe(true);
    expect(verdict.findings.map((finding) => finding.kind)).toEqual(['latency_spike']);
    expect(verdict.reasons).toEqual(['duration 3h12m vs median 41m over the last 30 runs at 14:00 UTC, 73.7 MADs']);
    expect(verdict.score).toBe(1);
    expect(verdict.detectors.duration_zscore).toMatchObject({ fired: true, baseline: 'median 41m over the last 30 runs at 14:00 UTC' });
  });

  it('never puts the scored run in its own baseline, even when the caller passes it in the history', () => {
    const slow = run(14, 192 * MIN);
    const baseline = seasonalBaseline(slow, [...steady, slow], (r) => r.durationMs);
    expect(baseline?.values).toHaveLength(30);
    expect(baseline?.values).not.toContain(192 * MIN);
    expect(judgeRun(slow, [...steady, slow], noResources).reasons).toEqual(judgeRun(slow, steady, noResources).reasons);
  });

  it('ignores runs that ended after the scored one (no look-ahead)', () => {
    const later = dailyRuns('2026-12-30T00:00:00.000Z', 30, 14, 192 * MIN);
    expect(judgeRun(run(14, 192 * MIN), [...steady, ...later], noResources).isAnomaly).toBe(true);
  });

  it('is seasonal: 3 h is normal for the 02:00 run and anomalous at 14:00 when history says so', () => {
    const nightly = dailyRuns(UNTIL, 30, 2, (day) => (178 + (day % 5)) * MIN);
    const history = [...nightly, ...steady];
    const night = judgeRun(finishedRun('night', at(2), 180 * MIN), history, noResources);
    const afternoon = judgeRun(finishedRun('afternoon', at(14), 180 * MIN), history, noResources);
    expect(night.isAnomaly).toBe(false);
    expect(afternoon.isAnomaly).toBe(true);
    expect(afternoon.reasons[0]).toMatch(/^duration 3h vs median 41m over the last 30 runs at 14:00 UTC, \d+\.\d MADs$/);
  });

  it('compares with the same weekday when there are enough such runs', () => {
    const weeks = Array.from({ length: 10 }, (_, week) => finishedRun(`sat-${week}`, new Date(Date.parse('2026-11-14T14:00:00Z') - week * 7 * 86_400_000).toISOString(), 120 * MIN));
    const saturday = judgeRun(finishedRun('sat', '2026-11-21T14:00:00.000Z', 121 * MIN), [...steady, ...weeks], noResources);
    expect(saturday.isAnomaly).toBe(false);
    expect(saturday.detectors.duration_zscore?.baseline).toBe('median 2h over the last 14 runs at 14:00 UTC on Saturdays');
  });

  it('flags a small load as a throughput drop', () => {
    const verdict = judgeRun(run(14, 40 * MIN, { outputRows: 12_000 }), steady, noResources);
    expect(verdict.findings.map((finding) => finding.kind)).toEqual(['throughput_drop']);
    expect(verdict.reasons[0]).toMatch(/^output rows 12\.0k vs median 1\.0M over the last 30 runs at 14:00 UTC, [\d.]+ MADs below$/);
  });

  it('flags a retry burst', () => {
    const verdict = judgeRun(run(14, 41 * MIN, { retries: 4 }), steady, noResources);
    expect(verdict.findings.map((finding) => finding.kind)).toEqual(['retry_burst']);
    expect(verdict.reasons).toEqual(['4 retries in one run vs 95th percentile 0 retries over the last 30 runs']);
  });

  it('flags a failure spike: several failed runs within the hour', () => {
    const failures = [10, 25, 40].map((minute) => finishedRun(`f${minute}`, `2026-11-21T13:${minute}:00.000Z`, MIN, { status: 'failed', errorSignatures: ['sig-a'] }));
    const verdict = judgeRun(run(13, 50 * MIN, { status: 'failed', errorSignatures: ['sig-a'] }), [...steady, ...failures], noResources);
    expect(verdict.findings.map((finding) => finding.kind)).toContain('failure_spike');
    expect(verdict.reasons).toContain('4 failed runs in the last hour vs 0.0 failed runs/hour over the last 33 runs');
  });

  it('flags a failure signature new to this pipeline, and not one it has seen before', () => {
    const seen = steady.map((past, index) => (index === 3 ? { ...past, status: 'failed' as const, errorSignatures: ['sig-old'] } : past));
    const fresh = judgeRun(run(14, 41 * MIN, { status: 'failed', errorSignatures: ['sig-new'] }), seen, noResources);
    expect(fresh.reasons).toEqual(['failure signature "sig-new" never seen for this pipeline (1 distinct signatures in the last 30 runs)']);
    expect(judgeRun(run(14, 41 * MIN, { status: 'failed', errorSignatures: ['sig-old'] }), seen, noResources).isAnomaly).toBe(false);
  });

  it('flags high CPU from the pipeline metrics, and says when there are none', () => {
    const hot = judgeRun(run(14, 41 * MIN), steady, { resources: { cpuPercent: 97.5, memoryPercent: 40 } });
    expect(hot.reasons).toEqual(['CPU 97.5% during the run (threshold 90%)']);
    expect(judgeRun(run(14, 41 * MIN), steady, noResources).detectors.utilization?.skipped).toMatch(/no CPU or memory series/);
  });

  it('does not judge durations without enough history', () => {
    const verdict = judgeRun(run(14, 192 * MIN), steady.slice(0, 3), noResources);
    expect(verdict.isAnomaly).toBe(false);
    expect(verdict.detectors.duration_zscore?.skipped).toMatch(/fewer than 8 earlier successful runs/);
  });
});
