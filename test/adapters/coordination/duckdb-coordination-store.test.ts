import { DuckDBInstance } from '@duckdb/node-api';
import { DuckDbCoordinationStore, serialWriter } from '../../../shared/src/adapters/coordination/duckdb-coordination-store';
import { consumeBudget } from '../../../shared/src/core/remediation/guardrails/budget';
import { memoryCoordinationStore, remediationRecord as record } from '../../helpers/remediation-fakes';

const NOW = new Date('2024-05-01T10:00:00.000Z');


describe('DuckDbCoordinationStore', () => {
  it('gives exactly one winner among 1,000 concurrent claims of one key', async () => {
    const store = await memoryCoordinationStore();
    const results = await Promise.all(Array.from({ length: 1000 }, () => store.claim('k'.repeat(64), NOW)));
    expect(results.filter((r) => r === 'claimed')).toHaveLength(1);
    expect(results.filter((r) => r === 'already_claimed')).toHaveLength(999);
  });

  it('gives exactly one winner when the claims race over separate connections to one database', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const stores = await Promise.all([0, 1, 2, 3].map(async () => DuckDbCoordinationStore.open(serialWriter(await instance.connect()))));
    const results = await Promise.all(Array.from({ length: 1000 }, (_, i) => (stores[i % 4] as DuckDbCoordinationStore).claim('shared-key', NOW)));
    expect(results.filter((r) => r === 'claimed')).toHaveLength(1);
  });

  it('keeps a claim once made: a later claim of the same key loses, another key wins', async () => {
    const store = await memoryCoordinationStore();
    expect(await store.claim('one', NOW)).toBe('claimed');
    expect(await store.claim('one', new Date(NOW.getTime() + 86_400_000))).toBe('already_claimed');
    expect(await store.claim('two', NOW)).toBe('claimed');
  });

  it('applies concurrent budget updates one at a time, so a limit of 3 admits exactly 3', async () => {
    const store = await memoryCoordinationStore();
    const verdicts = await Promise.all(Array.from({ length: 50 }, () => store.updateBudget('orders', (ledger) => consumeBudget(ledger, NOW, { perHour: 3, perDay: 10 }))));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(3);
    expect(await store.updateBudget('other', (ledger) => consumeBudget(ledger, NOW, { perHour: 3, perDay: 10 }))).toMatchObject({ allowed: true });
  });

  it('round-trips breaker state and keeps it per pipeline', async () => {
    const store = await memoryCoordinationStore();
    await store.updateBreaker('orders', () => ({ next: { consecutiveFailures: 2, openedAt: null, probeStartedAt: null }, result: null }));
    expect(await store.updateBreaker('orders', (state) => ({ next: state, result: state }))).toEqual({ consecutiveFailures: 2, openedAt: null, probeStartedAt: null });
    expect(await store.updateBreaker('billing', (state) => ({ next: state, result: state.consecutiveFailures }))).toBe(0);
  });

  it('stores global and per-pipeline pause switches separately', async () => {
    const store = await memoryCoordinationStore();
    const flag = { by: 'oncall@acme.example', reason: 'migration', at: NOW.toISOString() };
    await store.setPause({ scope: 'pipeline', pipelineId: 'orders' }, flag);
    expect(await store.readPause('orders')).toEqual({ global: null, pipeline: flag });
    expect(await store.readPause('billing')).toEqual({ global: null, pipeline: null });
    await store.setPause({ scope: 'global' }, flag);
    expect((await store.readPause('billing')).global).toEqual(flag);
    await store.setPause({ scope: 'global' }, null);
    expect((await store.readPause('billing')).global).toBeNull();
  });

  it('round-trips a record exactly, including nulls, numbers and booleans', async () => {
    const store = await memoryCoordinationStore();
    const stored = record({ time_to_recover_ms: 3_000_000_000, created_run_id: 'new-run' });
    await store.putRecord(stored);
    expect(await store.getRecord(stored.action_key)).toEqual(stored);
    expect(await store.getRecord('missing')).toBeNull();
  });

  it('settles an open record exactly once among concurrent transitions', async () => {
    const store = await memoryCoordinationStore();
    await store.putRecord(record());
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.transitionRecord('a'.repeat(64), ['submitted'], { status: 'succeeded', settled_at: `2024-05-01T10:30:${String(i).padStart(2, '0')}.000Z`, time_to_recover_ms: i })),
    );
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(await store.transitionRecord('a'.repeat(64), ['succeeded'], { reason: 'late' })).toBeNull();
  });

  it('refuses a transition from a status other than the expected ones', async () => {
    const store = await memoryCoordinationStore();
    await store.putRecord(record({ status: 'awaiting_approval' }));
    expect(await store.transitionRecord('a'.repeat(64), ['submitted'], { status: 'failed' })).toBeNull();
    expect(await store.transitionRecord('a'.repeat(64), ['awaiting_approval'], { status: 'decided' })).toMatchObject({ status: 'decided' });
  });

  it('finds open records by pipeline, by run or created run, and by deadline', async () => {
    const store = await memoryCoordinationStore();
    await store.putRecord(record({ action_key: 'open-early', deadline_at: '2024-05-01T10:30:00.000Z', created_run_id: 'new-run' }));
    await store.putRecord(record({ action_key: 'open-late', deadline_at: '2024-05-01T12:00:00.000Z', run_id: 'run-2' }));
    await store.putRecord(record({ action_key: 'settled', settled_at: '2024-05-01T10:10:00.000Z', status: 'succeeded' }));
    await store.putRecord(record({ action_key: 'other-pipeline', pipeline_id: 'billing', run_id: 'run-9' }));
    expect((await store.openForPipeline('orders')).map((r) => r.action_key).sort()).toEqual(['open-early', 'open-late']);
    expect((await store.recordsForRun('run-1')).map((r) => r.action_key).sort()).toEqual(['open-early', 'settled']);
    expect((await store.recordsForRun('new-run')).map((r) => r.action_key)).toEqual(['open-early']);
    expect((await store.openDueBy('2024-05-01T11:00:00.000Z', 10)).map((r) => r.action_key).sort()).toEqual(['open-early', 'other-pipeline']);
  });
});
