import type { CoordinationStore } from '../../shared/src/core/remediation/coordination-store';
import { CLAIM_LEASE_MS } from '../../shared/src/core/remediation/remediation-service';
import { harness, request } from './remediation-fakes';

export const LIVE = { dryRun: false, plans: { network_timeout: [{ strategy: 'retry_bigquery_job', maxAttempts: 2 }, 'escalate'] } };
const START = '2024-05-01T10:00:05.000Z';

/** The store as a process sees it until it dies: the first call of `method` never returns (throws), as after kill -9. */
export function dyingAt(store: CoordinationStore, method: keyof CoordinationStore): CoordinationStore {
  let dead = false;
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (dead) throw new Error('the process is gone');
        if (property === method) {
          dead = true;
          throw new Error('killed (SIGKILL) right after the claim');
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/**
 * A process claims an action and dies before deciding the rest. The decision must survive as a
 * claimed record, a redelivery within the lease must not act, and after the lease a redelivery (or
 * the deadline sweep) must finish it under the same action key, even though jobs.get now fails.
 */
export async function crashBetweenClaimAndRecord(store: CoordinationStore, finishBy: 'redelivery' | 'sweep'): Promise<void> {
  const failure = request('network_timeout');
  const first = await harness(LIVE, START, dyingAt(store, 'updateBreaker'));
  await expect(first.service.handle(failure)).rejects.toThrow(/killed/);
  const orphan = await store.recordsForRun(failure.event.runId);
  expect(orphan.map((r) => [r.status, r.strategy])).toEqual([['claimed', 'retry_bigquery_job']]);
  const key = orphan[0]?.action_key as string;

  const restarted = await harness(LIVE, '2024-05-01T10:00:15.000Z', store);
  // Deciding afresh would now pick another step (no job, no rerun) and so another key.
  restarted.jobs.jobs.set(failure.event.runId, null);
  const early = await restarted.service.handle(failure);
  expect(early).toMatchObject({ duplicate: true, actionKey: key });
  expect(restarted.executors.calls).toEqual([]);

  restarted.clock.advance(CLAIM_LEASE_MS);
  if (finishBy === 'redelivery') {
    const resumed = await restarted.service.handle(failure);
    expect(resumed).toMatchObject({ actionKey: key, strategy: 'retry_bigquery_job', status: 'submitted', duplicate: false });
  } else {
    const swept = await restarted.service.expire(restarted.clock.now());
    expect(swept).toEqual([expect.objectContaining({ actionKey: key, outcome: 'resumed_claim', next: expect.objectContaining({ actionKey: key, status: 'submitted' }) })]);
  }
  expect(restarted.executors.callsOf('bigquery.rerun_job')).toHaveLength(1);
  const records = await store.recordsForRun(failure.event.runId);
  expect(records.map((r) => [r.action_key, r.status])).toEqual([[key, 'submitted']]);
  // A second retry after everything is done acts no second time.
  await restarted.service.handle(failure);
  expect(restarted.executors.callsOf('bigquery.rerun_job')).toHaveLength(1);
}
