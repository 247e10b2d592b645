import { backoffDelayMs, type BackoffPolicy } from '../../../shared/src/core/remediation/backoff';
import { parseRemediationConfig } from '../../../shared/src/core/remediation/config/remediation-config';
import { decide } from '../../../shared/src/core/remediation/decide';
import { request, seededRandom } from '../../helpers/remediation-fakes';

const POLICY: BackoffPolicy = { initialDelayMs: 30_000, multiplier: 2, maxDelayMs: 600_000, jitter: 'equal' };

describe('retry backoff', () => {
  it('grows exponentially: each equal-jitter delay lies in [half, full] of base × 2^(n-1), capped', () => {
    const random = seededRandom(42);
    const delays = [1, 2, 3, 4, 5, 6].map((attempt) => backoffDelayMs(POLICY, attempt, random));
    const ceilings = [30_000, 60_000, 120_000, 240_000, 480_000, 600_000];
    delays.forEach((delay, i) => {
      expect(delay).toBeGreaterThanOrEqual((ceilings[i] as number) / 2);
      expect(delay).toBeLessThanOrEqual(ceilings[i] as number);
    });
    expect(delays.slice(0, 5)).toEqual([...delays.slice(0, 5)].sort((a, b) => a - b));
  });

  it('is jittered, yet the same seed gives the same delays', () => {
    const run = (seed: number): number[] => {
      const random = seededRandom(seed);
      return [1, 2, 3, 4].map((attempt) => backoffDelayMs(POLICY, attempt, random));
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
    expect(new Set(Array.from({ length: 20 }, (_, seed) => run(seed)[0])).size).toBeGreaterThan(10);
  });

  it('uses exactly the exponential value without jitter, and at most it with full jitter', () => {
    expect([1, 2, 3].map((n) => backoffDelayMs({ ...POLICY, jitter: 'none' }, n, () => 0.5))).toEqual([30_000, 60_000, 120_000]);
    expect(backoffDelayMs({ ...POLICY, jitter: 'full' }, 3, () => 0.25)).toBe(30_000);
  });

  it('rejects attempt numbers below 1', () => {
    expect(() => backoffDelayMs(POLICY, 0, () => 0)).toThrow(RangeError);
  });

  it('puts the jittered delay into the decision: notBefore, deadline and explanation', () => {
    const config = parseRemediationConfig({ dryRun: false, pipelines: { 'acme-data.sales.orders': { source: 'bigquery', bigquery: { allowedStatementTypes: ['SELECT'], destinationTables: [] } } } });
    const now = new Date('2024-05-01T10:00:00.000Z');
    const decisions = [1, 2, 3].map((attempt) => decide(request('network_timeout'), { config, now, random: seededRandom(3), attempt }));
    const delays = decisions.map((d) => d.explanation.backoff?.delayMs ?? 0);
    expect(decisions.map((d) => d.strategy)).toEqual(['retry_bigquery_job', 'retry_bigquery_job', 'retry_bigquery_job']);
    expect(delays[1]).toBeGreaterThan(delays[0] as number);
    expect(delays[2]).toBeGreaterThan(delays[1] as number);
    decisions.forEach((d, i) => {
      expect(d.notBefore).toBe(new Date(now.getTime() + (delays[i] as number)).toISOString());
      expect(d.deadlineAt).toBe(new Date(now.getTime() + (delays[i] as number) + 3_600_000).toISOString());
    });
    expect(decisions[0]?.explanation.backoff).toEqual({ delayMs: delays[0], stepAttempt: 1, maxAttempts: 3 });
  });

  it('stops retrying after maxAttempts and moves to the next step of the plan', () => {
    const config = parseRemediationConfig({ dryRun: false, pipelines: { 'acme-data.sales.orders': { source: 'bigquery', criticality: 'non-critical' } } });
    const decision = decide(request('network_timeout'), { config, now: new Date('2024-05-01T10:00:00Z'), random: seededRandom(1), attempt: 4 });
    expect(decision.strategy).toBe('skip_non_critical');
    expect(decision.explanation.considered[0]).toMatchObject({ strategy: 'retry_bigquery_job', verdict: 'passed', why: 'attempts 1–3 of this incident belonged to it' });
  });
});
