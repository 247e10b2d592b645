import { Firestore } from '@google-cloud/firestore';
import { FirestoreCoordinationStore } from '../../../shared/src/adapters/coordination/firestore-coordination-store';
import { consumeBudget } from '../../../shared/src/core/remediation/guardrails/budget';
import type { RemediationRecord } from '../../../shared/src/core/remediation/remediation-record';
import { FirestoreGrpcFake } from '../../helpers/firestore-grpc-fake';
import { guardNetwork, type NetworkGuard } from '../../helpers/network-guard';
import { offlineAuthClient } from '../../helpers/offline-google-auth';
import { crashBetweenClaimAndRecord } from '../../helpers/crash-scenario';
import { harness, remediationRecord, request } from '../../helpers/remediation-fakes';

const NOW = new Date('2024-05-01T10:00:00.000Z');

function record(overrides: Partial<RemediationRecord> = {}): RemediationRecord {
  return remediationRecord({ pipeline_id: 'orders/daily', ...overrides });
}

// The real client over its production gRPC transport against an in-memory Firestore on 127.0.0.1
// (firestore-grpc-fake.ts): no Java, emulator or network, so this runs on every machine.
describe('FirestoreCoordinationStore (real client, local Firestore gRPC fake)', () => {
  let guard: NetworkGuard;
  let fake: FirestoreGrpcFake;
  let firestore: Firestore;
  let suite = 0;
  const store = (): FirestoreCoordinationStore => new FirestoreCoordinationStore(firestore, `t${suite}`);

  beforeAll(async () => {
    guard = guardNetwork();
    fake = await FirestoreGrpcFake.start();
    firestore = new Firestore({ projectId: 'flexiroaster-test', host: fake.host, ssl: false, authClient: offlineAuthClient() });
  });

  afterAll(async () => {
    await firestore?.terminate();
    await fake?.stop();
    guard?.restore();
  });

  beforeEach(() => {
    suite += 1;
    fake.calls.length = 0;
    fake.abortedCommits = 0;
  });

  afterEach(() => {
    expect(guard.blocked).toEqual([]);
  });

  it('claims and writes the first record in one create(): a second claim fails and the record is there', async () => {
    const s = store();
    const first = record({ action_key: 'c'.repeat(64), status: 'claimed' });
    expect(await s.claimWithRecord(first)).toBe('claimed');
    expect(await s.claimWithRecord({ ...first, reason: 'another' })).toBe('already_claimed');
    expect(await s.getRecord(first.action_key)).toMatchObject({ status: 'claimed', reason: first.reason });
  });

  it('keeps a decision whose process died right after the claim and finishes it under the same key', async () => {
    await crashBetweenClaimAndRecord(store(), 'redelivery');
  });

  it('gives exactly one winner among 500 concurrent claims (create() fails with ALREADY_EXISTS for the rest)', async () => {
    const s = store();
    const results = await Promise.all(Array.from({ length: 500 }, () => s.claim('k'.repeat(64), NOW)));
    expect(results.filter((r) => r === 'claimed')).toHaveLength(1);
    expect(await s.claim('k'.repeat(64), NOW)).toBe('already_claimed');
    // A claim is a create(): a commit with the documented exists=false precondition on the claim document.
    const commits = fake.callsTo('Commit');
    expect(commits).toHaveLength(501);
    expect(commits[0]?.request).toMatchObject({
      database: 'projects/flexiroaster-test/databases/(default)',
      writes: [
        {
          update: { name: `projects/flexiroaster-test/databases/(default)/documents/t${suite}_claims/${'k'.repeat(64)}`, fields: { claimed_at: { stringValue: NOW.toISOString() } } },
          currentDocument: { exists: false },
        },
      ],
    });
  }, 60_000);

  it('runs concurrent budget updates as transactions, so a limit of 3 admits exactly 3', async () => {
    const s = store();
    const verdicts = await Promise.all(Array.from({ length: 10 }, () => s.updateBudget('orders/daily', (ledger) => consumeBudget(ledger, NOW, { perHour: 3, perDay: 10 }))));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(3);
    // Contention really happened and was resolved by the client's transaction retries, not avoided.
    expect(fake.abortedCommits).toBeGreaterThan(0);
    expect(fake.callsTo('BatchGetDocuments').some((call) => call.request.newTransaction !== undefined)).toBe(true);
  }, 60_000);

  it('round-trips breaker state and pause switches', async () => {
    const s = store();
    await s.updateBreaker('orders/daily', () => ({ next: { consecutiveFailures: 3, openedAt: NOW.toISOString(), probeStartedAt: null }, result: null }));
    expect(await s.updateBreaker('orders/daily', (state) => ({ next: state, result: state }))).toEqual({ consecutiveFailures: 3, openedAt: NOW.toISOString(), probeStartedAt: null });
    const flag = { by: 'sre', reason: 'freeze', at: NOW.toISOString() };
    await s.setPause({ scope: 'global' }, flag);
    expect(await s.readPause('orders/daily')).toEqual({ global: flag, pipeline: null });
    await s.setPause({ scope: 'global' }, null);
    await s.setPause({ scope: 'pipeline', pipelineId: 'orders/daily' }, flag);
    expect(await s.readPause('orders/daily')).toEqual({ global: null, pipeline: flag });
  });

  it('round-trips a record and settles it exactly once among concurrent transitions', async () => {
    const s = store();
    await s.putRecord(record());
    expect(await s.getRecord('a'.repeat(64))).toEqual(record());
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => s.transitionRecord('a'.repeat(64), ['submitted'], { status: 'succeeded', settled_at: NOW.toISOString(), time_to_recover_ms: i })));
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(await s.transitionRecord('a'.repeat(64), ['succeeded'], { reason: 'late' })).toBeNull();
  }, 60_000);

  it('finds open records by pipeline, by run or created run, and by deadline, and forgets them once settled', async () => {
    const s = store();
    await s.putRecord(record({ action_key: 'open-early', deadline_at: '2024-05-01T10:30:00.000Z', created_run_id: 'new-run' }));
    await s.putRecord(record({ action_key: 'open-late', deadline_at: '2024-05-01T12:00:00.000Z', run_id: 'run-2' }));
    await s.putRecord(record({ action_key: 'settled', settled_at: '2024-05-01T10:10:00.000Z', status: 'succeeded' }));
    expect((await s.openForPipeline('orders/daily')).map((r) => r.action_key).sort()).toEqual(['open-early', 'open-late']);
    expect((await s.recordsForRun('run-1')).map((r) => r.action_key).sort()).toEqual(['open-early', 'settled']);
    expect((await s.recordsForRun('new-run')).map((r) => r.action_key)).toEqual(['open-early']);
    expect((await s.openDueBy('2024-05-01T11:00:00.000Z', 10)).map((r) => r.action_key)).toEqual(['open-early']);
    await s.transitionRecord('open-early', ['submitted'], { status: 'failed', settled_at: NOW.toISOString(), deadline_at: null });
    expect(await s.openDueBy('2024-05-01T11:00:00.000Z', 10)).toEqual([]);
    expect((await s.openForPipeline('orders/daily')).map((r) => r.action_key)).toEqual(['open-late']);
  });

  it('backs the RemediationService: 300 concurrent deliveries of one failure make one executor call, then settle', async () => {
    const h = await harness({ dryRun: false, plans: { network_timeout: ['retry_bigquery_job', 'escalate'] } }, '2024-05-01T10:00:05.000Z', store());
    const decisions = await Promise.all(Array.from({ length: 300 }, () => h.service.handle(request('network_timeout'))));
    expect(h.executors.calls).toHaveLength(1);
    const original = decisions.find((d) => !d.duplicate);
    expect(original).toMatchObject({ status: 'submitted', executed: true });
    const settled = await h.service.settle({ ...request('network_timeout').event, runId: original?.createdRunId as string, status: 'succeeded', occurredAt: '2024-05-01T10:03:05.000Z' });
    expect(settled).toEqual([{ actionKey: original?.actionKey, strategy: 'retry_bigquery_job', outcome: 'succeeded', timeToRecoverMs: 180_000 }]);
  }, 60_000);
});
