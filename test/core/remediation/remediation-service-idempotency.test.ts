import { harness, request } from '../../helpers/remediation-fakes';

const LIVE_IMMEDIATE_RETRY = {
  dryRun: false,
  plans: { network_timeout: [{ strategy: 'retry_bigquery_job', maxAttempts: 3 }, 'escalate'] },
};

describe('RemediationService idempotency', () => {
  it('turns 1,000 concurrent deliveries of the same request into exactly one executor call', async () => {
    const { service, executors, store } = await harness(LIVE_IMMEDIATE_RETRY);
    const decisions = await Promise.all(Array.from({ length: 1000 }, () => service.handle(request('network_timeout'))));
    expect(executors.calls).toHaveLength(1);
    expect(executors.calls[0]?.kind).toBe('bigquery.rerun_job');
    const originals = decisions.filter((d) => !d.duplicate);
    expect(originals).toHaveLength(1);
    expect(originals[0]).toMatchObject({ strategy: 'retry_bigquery_job', autonomy: 'auto', dryRun: false, executed: true, status: 'submitted' });
    expect(decisions.filter((d) => d.duplicate).every((d) => d.actionKey === originals[0]?.actionKey)).toBe(true);
    expect((await store.getRecord(originals[0]?.actionKey as string))?.status).toBe('submitted');
  }, 60_000); // each delivery writes its claimed record atomically with the claim; 1,000 of them need more than the default 20 s on a loaded machine

  it('answers a redelivery after the fact from the stored record without acting again', async () => {
    const { service, executors } = await harness(LIVE_IMMEDIATE_RETRY);
    const first = await service.handle(request('network_timeout'));
    const again = await service.handle(request('network_timeout', { eventId: 'evt-redelivered' }));
    expect(executors.calls).toHaveLength(1);
    expect(again).toMatchObject({ duplicate: true, actionKey: first.actionKey, status: 'submitted', executed: true });
    expect(again.reason).toMatch(/^already handled/);
  });

  it('absorbs other failure lines of a run that occurred before the decision on it', async () => {
    const { service, executors } = await harness(LIVE_IMMEDIATE_RETRY);
    await service.handle(request('network_timeout'));
    const sibling = await service.handle({ ...request('network_timeout', { eventId: 'evt-2', occurredAt: '2024-05-01T10:00:01.000Z' }), classification: { category: 'network_timeout', confidence: 0.9, stage: 'rules', signature: 'another-line' } });
    expect(sibling.duplicate).toBe(true);
    expect(executors.calls).toHaveLength(1);
  });
});
