import type { PipelineEvent } from '../../../shared/src/core/domain/pipeline-event';
import { remediationVersionId } from '../../../shared/src/core/remediation/audit-rows';
import type { CoordinationStore } from '../../../shared/src/core/remediation/coordination-store';
import { MirroredCoordinationStore, withRecordMirror } from '../../../shared/src/core/remediation/mirrored-coordination-store';
import type { RemediationRecordSink } from '../../../shared/src/core/remediation/remediation-messaging';
import type { RemediationRecord } from '../../../shared/src/core/remediation/remediation-record';
import { MemoryLogger } from '../../helpers/memory-logger';
import { harness, memoryCoordinationStore, remediationRecord, request } from '../../helpers/remediation-fakes';

const NOW = new Date('2024-05-01T10:00:00.000Z');

/** An action deferred by backoff: decided, not yet executed. */
function record(overrides: Partial<RemediationRecord> = {}): RemediationRecord {
  return remediationRecord({ executed: false, status: 'decided', reason: 'backoff', not_before: '2024-05-01T10:01:00.000Z', ...overrides });
}

/** Keeps what it was given; fails the calls it was told to. */
class RecordingSink implements RemediationRecordSink {
  readonly written: RemediationRecord[] = [];
  failures = 0;
  async write(written: RemediationRecord): Promise<void> {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('sink unavailable');
    }
    this.written.push({ ...written });
  }
}

describe('withRecordMirror', () => {
  let inner: CoordinationStore;
  let sink: RecordingSink;
  let logger: MemoryLogger;
  let store: CoordinationStore;

  beforeEach(async () => {
    inner = await memoryCoordinationStore();
    sink = new RecordingSink();
    logger = new MemoryLogger();
    store = withRecordMirror(inner, sink, logger);
  });

  it('writes the first version after putRecord, once the store holds it', async () => {
    const seen: Array<RemediationRecord | null> = [];
    const observing: RemediationRecordSink = { write: async (r) => void seen.push(await inner.getRecord(r.action_key)) };
    await withRecordMirror(inner, observing, logger).putRecord(record());
    expect(seen).toEqual([record()]);

    await store.putRecord(record({ action_key: 'b'.repeat(64) }));
    expect(sink.written).toEqual([record({ action_key: 'b'.repeat(64) })]);
  });

  it('writes each version a transition produced, and nothing for a transition that lost', async () => {
    await store.putRecord(record());
    const submitted = await store.transitionRecord(record().action_key, ['decided'], { status: 'submitted', executed: true, reason: 'accepted' });
    const settled = await store.transitionRecord(record().action_key, ['submitted'], { status: 'succeeded', settled_at: '2024-05-01T10:05:00.000Z', deadline_at: null, time_to_recover_ms: 300_000 });
    // Already settled: the store refuses, so there is no new version to copy.
    expect(await store.transitionRecord(record().action_key, ['submitted'], { status: 'failed', settled_at: '2024-05-01T10:06:00.000Z' })).toBeNull();

    expect(sink.written.map((r) => r.status)).toEqual(['decided', 'submitted', 'succeeded']);
    expect(sink.written[1]).toEqual(submitted);
    expect(sink.written[2]).toEqual(settled);
    expect(new Set(sink.written.map(remediationVersionId)).size).toBe(3);
  });

  it('logs a sink failure instead of failing the caller: the store change stands', async () => {
    sink.failures = 2;
    await expect(store.putRecord(record())).resolves.toBeUndefined();
    const updated = await store.transitionRecord(record().action_key, ['decided'], { status: 'submitted' });
    expect(updated).toMatchObject({ status: 'submitted' });
    expect(await inner.getRecord(record().action_key)).toMatchObject({ status: 'submitted' });
    expect(sink.written).toEqual([]);
    expect(logger.lines).toEqual([
      expect.objectContaining({ severity: 'WARNING', fields: expect.objectContaining({ actionKey: record().action_key, status: 'decided', after: 'putRecord', error: 'Error: sink unavailable' }) }),
      expect.objectContaining({ severity: 'WARNING', fields: expect.objectContaining({ status: 'submitted', after: 'transitionRecord' }) }),
    ]);
  });

  it('does not write when the store itself fails, and passes the error on', async () => {
    const failing: CoordinationStore = { ...inner, putRecord: () => Promise.reject(new Error('store down')) } as CoordinationStore;
    await expect(new MirroredCoordinationStore(failing, sink, logger).putRecord(record())).rejects.toThrow('store down');
    expect(sink.written).toEqual([]);
  });

  it('forwards every other method to the wrapped store unchanged', async () => {
    expect(await store.claim('k', NOW)).toBe('claimed');
    expect(await inner.claim('k', NOW)).toBe('already_claimed');
    expect(await store.updateBudget('orders', (ledger) => ({ next: { actionTimes: [...ledger.actionTimes, NOW.toISOString()] }, result: ledger.actionTimes.length }))).toBe(0);
    expect(await inner.updateBudget('orders', (ledger) => ({ next: ledger, result: ledger.actionTimes }))).toEqual([NOW.toISOString()]);
    expect(await store.updateBreaker('orders', (state) => ({ next: { ...state, consecutiveFailures: 2 }, result: 'ok' }))).toBe('ok');
    expect(await inner.updateBreaker('orders', (state) => ({ next: state, result: state.consecutiveFailures }))).toBe(2);
    const flag = { by: 'oncall', reason: 'maintenance', at: NOW.toISOString() };
    await store.setPause({ scope: 'pipeline', pipelineId: 'orders' }, flag);
    expect(await store.readPause('orders')).toEqual({ global: null, pipeline: flag });
    await inner.putRecord(record());
    expect(await store.getRecord(record().action_key)).toEqual(record());
    expect(await store.openForPipeline('orders')).toEqual([record()]);
    expect(await store.recordsForRun('run-1')).toEqual([record()]);
    expect(await store.openDueBy('2024-05-01T11:00:00.000Z', 10)).toEqual([record()]);
    expect(sink.written).toEqual([]);
  });
});

describe('RemediationService on a mirrored store', () => {
  it('leaves one audit version per step of an action: decided, submitted, succeeded', async () => {
    const sink = new RecordingSink();
    const logger = new MemoryLogger();
    const plans = { network_timeout: [{ strategy: 'retry_bigquery_job', maxAttempts: 2, backoff: { initialDelayMs: 60_000, multiplier: 2, maxDelayMs: 600_000, jitter: 'equal' } }, 'escalate'] };
    const h = await harness({ dryRun: false, plans }, undefined, withRecordMirror(await memoryCoordinationStore(), sink, logger));

    const decision = await h.service.handle(request('network_timeout'));
    h.clock.set(decision.notBefore as string);
    await h.service.runScheduled(decision.actionKey as string);
    const recovered: PipelineEvent = { ...request('network_timeout').event, eventId: 'evt-ok', status: 'succeeded', errorMessage: undefined, runId: decision.createdRunId as string, occurredAt: '2024-05-01T10:10:00.000Z' };
    await h.service.settle(recovered);

    expect(sink.written.map((r) => [r.action_key, r.status])).toEqual([
      [decision.actionKey, 'claimed'],
      [decision.actionKey, 'decided'],
      [decision.actionKey, 'submitted'],
      [decision.actionKey, 'succeeded'],
    ]);
    expect(sink.written[3]).toEqual(await h.store.getRecord(decision.actionKey as string));
    expect(new Set(sink.written.map(remediationVersionId)).size).toBe(4);
    expect(logger.lines).toEqual([]);
  });
});
