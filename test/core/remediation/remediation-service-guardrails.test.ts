import { harness, request, type Harness } from '../../helpers/remediation-fakes';

const HOUR = 3_600_000;
const NOTIFY = { kind: 'pubsub', topic: 'projects/acme-ops/topics/escalations' };
const LIVE = {
  dryRun: false,
  notification: NOTIFY,
  budget: { perHour: 3, perDay: 5 },
  breaker: { failureThreshold: 3, coolDownMs: HOUR },
  plans: { network_timeout: ['retry_bigquery_job', 'escalate'] },
};

let run = 0;
/** Each call is a new failing job (a new run) of the same pipeline, occurring just before "now". */
function newFailure(h: Harness) {
  run += 1;
  const occurredAt = new Date(h.clock.now().getTime() - 1000).toISOString();
  return request('network_timeout', { runId: `job-${run}`, eventId: `evt-${run}`, occurredAt });
}

describe('RemediationService guardrails', () => {
  it('budget: trips after 3 automatic actions in an hour, escalates instead, and recovers when the window slides', async () => {
    const h = await harness(LIVE);
    const first = await Promise.all([0, 1, 2].map(() => h.service.handle(newFailure(h))));
    expect(first.map((d) => d.status)).toEqual(['submitted', 'submitted', 'submitted']);
    h.clock.advance(10 * 60_000);
    const refused = await h.service.handle(newFailure(h));
    expect(refused).toMatchObject({ strategy: 'retry_bigquery_job', status: 'escalated', executed: true });
    expect(refused.reason).toMatch(/^budget exhausted: 3\/3 automatic actions in the last hour; next slot in 50 min; escalated instead of retry_bigquery_job/);
    expect(refused.explanation.guardrails.map((g) => `${g.guard}:${g.verdict}`)).toEqual(['idempotency:passed', 'scope:passed', 'pause:passed', 'circuit_breaker:passed', 'budget:refused']);
    expect(h.executors.callsOf('bigquery.rerun_job')).toHaveLength(3);
    expect(h.executors.callsOf('notify.pubsub')).toHaveLength(1);
    h.clock.advance(HOUR);
    expect((await h.service.handle(newFailure(h))).status).toBe('submitted');
    h.clock.advance(HOUR);
    expect((await h.service.handle(newFailure(h))).status).toBe('submitted');
    h.clock.advance(HOUR);
    expect((await h.service.handle(newFailure(h))).reason).toMatch(/5\/5 automatic actions in the last 24 hours/);
    h.clock.advance(24 * HOUR);
    expect((await h.service.handle(newFailure(h))).status).toBe('submitted');
  });

  it('circuit breaker: opens after 3 failed remediations, escalates while open, lets one probe through after the cool-down, and closes on its success', async () => {
    const h = await harness({ ...LIVE, budget: { perHour: 100, perDay: 1000 } });
    for (let i = 0; i < 3; i += 1) {
      h.executors.failNext('bigquery.rerun_job', { detail: 'Invalid job configuration' });
      const decision = await h.service.handle(newFailure(h));
      expect(decision).toMatchObject({ status: 'failed', executed: false });
    }
    expect(h.statistics.outcomes.map((o) => o.outcome)).toEqual(['failed', 'failed', 'failed']);
    const blocked = await h.service.handle(newFailure(h));
    expect(blocked.status).toBe('escalated');
    expect(blocked.reason).toMatch(/^circuit breaker open since .* after 3 consecutive failed remediations/);
    expect(h.executors.callsOf('bigquery.rerun_job')).toHaveLength(3);

    h.clock.advance(HOUR + 1000);
    const probe = await h.service.handle(newFailure(h));
    expect(probe.status).toBe('submitted');
    expect(probe.explanation.guardrails.find((g) => g.guard === 'circuit_breaker')?.detail).toMatch(/half-open/);
    const other = await h.service.handle(newFailure(h));
    expect(other.status).toBe('escalated');
    expect(other.reason).toMatch(/half-open: the probe .* has not settled yet/);

    h.clock.advance(60_000);
    const probeJob = probe.createdRunId as string;
    const settled = await h.service.settle({ ...newFailure(h).event, runId: probeJob, status: 'succeeded', occurredAt: h.clock.now().toISOString() });
    expect(settled.map((s) => s.outcome)).toEqual(['succeeded']);
    const after = await h.service.handle(newFailure(h));
    expect(after.status).toBe('submitted');
    expect(after.explanation.guardrails.find((g) => g.guard === 'circuit_breaker')?.detail).toMatch(/^closed \(0 consecutive failures/);
  });

  it('circuit breaker: a success in between resets the count of consecutive failures', async () => {
    const h = await harness({ ...LIVE, budget: { perHour: 100, perDay: 1000 } });
    for (let i = 0; i < 2; i += 1) {
      h.executors.failNext('bigquery.rerun_job');
      await h.service.handle(newFailure(h));
    }
    const ok = await h.service.handle(newFailure(h));
    await h.service.settle({ ...newFailure(h).event, runId: ok.createdRunId as string, status: 'succeeded', occurredAt: h.clock.now().toISOString() });
    for (let i = 0; i < 2; i += 1) {
      h.executors.failNext('bigquery.rerun_job');
      await h.service.handle(newFailure(h));
    }
    expect((await h.service.handle(newFailure(h))).status).toBe('submitted');
  });

  it('pause switches: a paused pipeline or a global pause refuses automatic actions but still lets escalations out', async () => {
    const h = await harness(LIVE);
    await h.service.pause({ scope: 'pipeline', pipelineId: 'acme-data.sales.orders' }, 'oncall', 'backfill running');
    const paused = await h.service.handle(newFailure(h));
    expect(paused).toMatchObject({ status: 'refused', executed: false, reason: 'paused by oncall: backfill running' });
    const escalation = await h.service.handle({ ...newFailure(h), classification: { category: 'permission_denied', confidence: 0.99, stage: 'rules' } });
    expect(escalation).toMatchObject({ status: 'escalated', executed: true });
    await h.service.resume({ scope: 'pipeline', pipelineId: 'acme-data.sales.orders' });
    await h.service.pause({ scope: 'global' }, 'sre', 'incident 42');
    expect((await h.service.handle(newFailure(h))).reason).toBe('paused by sre: incident 42');
    await h.service.resume({ scope: 'global' });
    expect((await h.service.handle(newFailure(h))).status).toBe('submitted');
    expect(h.executors.callsOf('bigquery.rerun_job')).toHaveLength(1);
  });

  it('scopes: a denied project or pipeline gets no action and no notification', async () => {
    const h = await harness({ ...LIVE, scopes: { denyPipelines: ['acme-data.sales.*'] } });
    const decision = await h.service.handle(newFailure(h));
    expect(decision).toMatchObject({ status: 'refused', executed: false });
    expect(decision.reason).toBe('out of scope: pipeline "acme-data.sales.orders" matches deny pattern "acme-data.sales.*"');
    expect(h.executors.calls).toEqual([]);
  });
});
