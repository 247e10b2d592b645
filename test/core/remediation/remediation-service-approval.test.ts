import { ApprovalTokenError, ApprovalTokens } from '../../../shared/src/core/remediation/approval-token';
import { harness, request } from '../../helpers/remediation-fakes';

const CONFIG = {
  dryRun: false,
  notification: { kind: 'pubsub', topic: 'projects/acme-ops/topics/escalations' },
  approval: { ttlMs: 3_600_000, baseUrl: 'https://flexiroaster-api-abc.a.run.app' },
  autonomy: { byCategory: { network_timeout: 'approve' } },
  plans: { network_timeout: ['retry_bigquery_job', 'escalate'] },
};

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApprovalTokenError) return error.code;
    throw error;
  }
  throw new Error('expected the approval to be refused');
}

describe('RemediationService approvals', () => {
  it('waits for approval, sends signed links to people, and executes once approved', async () => {
    const h = await harness(CONFIG);
    const decision = await h.service.handle(request('network_timeout'));
    expect(decision).toMatchObject({ strategy: 'retry_bigquery_job', autonomy: 'approve', status: 'awaiting_approval', executed: false });
    expect(decision.approval?.approveUrl).toBe(`https://flexiroaster-api-abc.a.run.app/approvals/${decision.actionKey}?token=${encodeURIComponent(decision.approval?.approveToken ?? '')}`);
    expect(decision.approval?.expiresAt).toBe('2024-05-01T11:00:05.000Z');
    expect(h.executors.calls.map((a) => a.kind)).toEqual(['notify.pubsub']);
    expect(h.executors.calls[0]).toMatchObject({ attributes: { flexiroaster_kind: 'approval_request' }, message: { approveUrl: decision.approval?.approveUrl } });

    const approved = await h.service.resolveApproval(decision.actionKey as string, decision.approval?.approveToken as string, 'alice@acme.example');
    expect(approved).toMatchObject({ status: 'submitted', executed: true });
    expect(approved.explanation.history.map((h2) => h2.what)).toEqual(['approved by alice@acme.example', 'executor accepted: bigquery.rerun_job accepted']);
    expect(h.executors.callsOf('bigquery.rerun_job')).toHaveLength(1);

    const twice = await h.service.resolveApproval(decision.actionKey as string, decision.approval?.approveToken as string, 'bob@acme.example');
    expect(twice).toMatchObject({ duplicate: true, status: 'submitted' });
    expect(h.executors.callsOf('bigquery.rerun_job')).toHaveLength(1);
  });

  it('records a rejection and never executes', async () => {
    const h = await harness(CONFIG);
    const decision = await h.service.handle(request('network_timeout'));
    const rejected = await h.service.resolveApproval(decision.actionKey as string, decision.approval?.rejectToken as string, 'alice@acme.example');
    expect(rejected).toMatchObject({ status: 'refused', reason: 'rejected by alice@acme.example', executed: false });
    expect(h.executors.callsOf('bigquery.rerun_job')).toEqual([]);
  });

  it('refuses tampered, expired and other-action tokens with a typed error, without executing', async () => {
    const h = await harness(CONFIG);
    const first = await h.service.handle(request('network_timeout'));
    const second = await h.service.handle(request('network_timeout', { runId: 'bquxjob_other', eventId: 'evt-2' }));
    const key = first.actionKey as string;
    const token = first.approval?.rejectToken as string;
    const [version, payload, signature] = token.split('.') as [string, string, string];
    const flipped = Buffer.from(payload, 'base64url').toString('utf8').replace('"reject"', '"approve"');
    const tampered = `${version}.${Buffer.from(flipped).toString('base64url')}.${signature}`;
    expect(await codeOf(h.service.resolveApproval(key, tampered, 'mallory'))).toBe('bad_signature');
    expect(await codeOf(h.service.resolveApproval(key, second.approval?.approveToken as string, 'mallory'))).toBe('wrong_action');
    const forged = new ApprovalTokens(Buffer.alloc(32, 1)).sign({ actionKey: key, verdict: 'approve', issuedAt: 0, expiresAt: Date.parse('2030-01-01T00:00:00Z') });
    expect(await codeOf(h.service.resolveApproval(key, forged, 'mallory'))).toBe('bad_signature');
    h.clock.advance(3_600_000);
    expect(await codeOf(h.service.resolveApproval(key, first.approval?.approveToken as string, 'alice'))).toBe('expired');
    expect(h.executors.callsOf('bigquery.rerun_job')).toEqual([]);
  });

  it('lets an unanswered approval lapse at its deadline', async () => {
    const h = await harness(CONFIG);
    const decision = await h.service.handle(request('network_timeout'));
    h.clock.advance(3_600_000);
    const expired = await h.service.expire(h.clock.now());
    expect(expired).toEqual([{ actionKey: decision.actionKey, strategy: 'retry_bigquery_job', outcome: 'approval_expired', next: null }]);
    expect(await h.store.getRecord(decision.actionKey as string)).toMatchObject({ status: 'refused', reason: 'nobody approved before the approval expired' });
  });

  it('re-checks pause switches when an approved action is about to run', async () => {
    const h = await harness(CONFIG);
    const decision = await h.service.handle(request('network_timeout'));
    await h.service.pause({ scope: 'global' }, 'sre', 'freeze');
    const approved = await h.service.resolveApproval(decision.actionKey as string, decision.approval?.approveToken as string, 'alice');
    expect(approved).toMatchObject({ status: 'refused', reason: 'paused by sre: freeze', executed: false });
    expect(h.executors.callsOf('bigquery.rerun_job')).toEqual([]);
  });
});
