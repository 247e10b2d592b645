import { settlesOnSuccess } from '../../../shared/src/core/remediation/verification';
import type { PipelineEvent } from '../../../shared/src/core/domain/pipeline-event';
import { harness, request } from '../../helpers/remediation-fakes';

const NOTIFY = { kind: 'pubsub', topic: 'projects/acme-ops/topics/escalations' };
const BACKOFF = { initialDelayMs: 60_000, multiplier: 2, maxDelayMs: 600_000, jitter: 'equal' };
const CONFIG = {
  dryRun: false,
  notification: NOTIFY,
  plans: { network_timeout: [{ strategy: 'retry_bigquery_job', maxAttempts: 2, backoff: BACKOFF }, 'escalate'] },
};

function success(event: Partial<PipelineEvent>): PipelineEvent {
  return { ...request('network_timeout').event, eventId: 'evt-ok', status: 'succeeded', errorMessage: undefined, ...event };
}

describe('RemediationService verification', () => {
  it('defers a backed-off retry through the scheduler and runs it when the task fires', async () => {
    const h = await harness(CONFIG);
    const decision = await h.service.handle(request('network_timeout'));
    expect(decision).toMatchObject({ status: 'decided', executed: false });
    expect(h.scheduler.scheduled).toEqual([{ actionKey: decision.actionKey, notBefore: new Date(decision.notBefore as string), payload: { actionKey: decision.actionKey } }]);
    expect(h.executors.calls).toEqual([]);
    h.clock.set(decision.notBefore as string);
    const ran = await h.service.runScheduled(decision.actionKey as string);
    expect(ran).toMatchObject({ status: 'submitted', executed: true });
    expect(ran.deadlineAt).toBe(new Date(Date.parse(decision.notBefore as string) + 3_600_000).toISOString());
    expect((await h.service.runScheduled(decision.actionKey as string)).duplicate).toBe(true);
    expect(h.executors.calls).toHaveLength(1);
  });

  it('executes a deferred action once even when the task is delivered many times at once', async () => {
    const h = await harness(CONFIG);
    const decision = await h.service.handle(request('network_timeout'));
    h.clock.set(decision.notBefore as string);
    const runs = await Promise.all(Array.from({ length: 20 }, () => h.service.runScheduled(decision.actionKey as string)));
    expect(h.executors.calls).toHaveLength(1);
    expect(runs.filter((r) => !r.duplicate)).toHaveLength(1);
  });

  it('settles on a success of the run the action created, with time to recover, and feeds statistics', async () => {
    const h = await harness(CONFIG);
    const decision = await h.service.handle(request('network_timeout'));
    h.clock.set(decision.notBefore as string);
    await h.service.runScheduled(decision.actionKey as string);
    const recoveredAt = new Date(Date.parse(decision.notBefore as string) + 240_000).toISOString();
    expect(await h.service.settle(success({ runId: 'unrelated-job', pipelineId: 'another.table', occurredAt: recoveredAt }))).toEqual([]);
    const settled = await h.service.settle(success({ runId: decision.createdRunId as string, occurredAt: recoveredAt }));
    const ttr = Date.parse(recoveredAt) - Date.parse('2024-05-01T10:00:05.000Z');
    expect(settled).toEqual([{ actionKey: decision.actionKey, strategy: 'retry_bigquery_job', outcome: 'succeeded', timeToRecoverMs: ttr }]);
    expect(await h.store.getRecord(decision.actionKey as string)).toMatchObject({ status: 'succeeded', time_to_recover_ms: ttr, deadline_at: null });
    expect(h.statistics.outcomes).toEqual([expect.objectContaining({ strategy: 'retry_bigquery_job', outcome: 'succeeded', timeToRecoverMs: ttr, category: 'network_timeout' })]);
    expect(await h.service.settle(success({ runId: decision.createdRunId as string, occurredAt: recoveredAt }))).toEqual([]);
  });

  it('never credits an action with a later unrelated success of the same pipeline: the deadline settles it instead', async () => {
    const h = await harness({ ...CONFIG, plans: { network_timeout: ['retry_bigquery_job', 'escalate'] } });
    const decision = await h.service.handle(request('network_timeout'));
    // The next scheduled job of the same pipeline succeeds hours later: not the rerun this action created.
    expect(await h.service.settle(success({ runId: 'scheduled-next-job', occurredAt: '2024-05-01T15:48:05.000Z' }))).toEqual([]);
    h.clock.set(decision.deadlineAt as string);
    const [expired] = await h.service.expire(h.clock.now());
    expect(expired).toMatchObject({ actionKey: decision.actionKey, outcome: 'failed' });
    expect(await h.store.getRecord(decision.actionKey as string)).toMatchObject({ status: 'failed', time_to_recover_ms: null });
  });

  it("settles an in-place action (Airflow clear) by the failed run's own success, and a Workflows re-execution by its execution name", () => {
    const base = { action_key: 'k'.repeat(64), event_id: 'e', pipeline_id: 'p', run_id: 'run-1', root_run_id: 'run-1', source: 'workflows', category: 'network_timeout', confidence: 0.9, signature: 's', attempt: 1, autonomy: 'auto', dry_run: false, executed: true, status: 'submitted', reason: 'r', explanation: '{}', action: null, request: '{}', decided_at: '2024-05-01T10:00:00.000Z', not_before: null, deadline_at: '2024-05-01T11:00:00.000Z', settled_at: null, time_to_recover_ms: null } as const;
    const reexecution = { ...base, strategy: 'reexecute_workflow', created_run_id: 'projects/a/locations/l/workflows/p/executions/exec-9' };
    const at = { pipelineId: 'p', occurredAt: '2024-05-01T10:30:00.000Z' };
    expect(settlesOnSuccess(reexecution, success({ ...at, runId: 'exec-9' }))).toBe(true);
    expect(settlesOnSuccess(reexecution, success({ ...at, runId: 'exec-10' }))).toBe(false);
    const clear = { ...base, source: 'composer', strategy: 'clear_failed_airflow_tasks', created_run_id: null };
    expect(settlesOnSuccess(clear, success({ ...at, runId: 'run-1' }))).toBe(true);
    expect(settlesOnSuccess(clear, success({ ...at, runId: 'scheduled__2024-05-02' }))).toBe(false);
  });

  it('expires an unverified action as failed and decides the next plan step, with a longer backoff', async () => {
    const h = await harness(CONFIG);
    const first = await h.service.handle(request('network_timeout'));
    h.clock.set(first.notBefore as string);
    const submitted = await h.service.runScheduled(first.actionKey as string);
    h.clock.set(submitted.deadlineAt as string);
    const [expired] = await h.service.expire(h.clock.now());
    expect(expired).toMatchObject({ actionKey: first.actionKey, outcome: 'failed' });
    expect(expired?.next).toMatchObject({ strategy: 'retry_bigquery_job', attempt: 2, status: 'decided', rootRunId: 'bquxjob_1a2b3c' });
    expect(expired?.next?.explanation.backoff?.delayMs).toBeGreaterThan(first.explanation.backoff?.delayMs as number);
    expect(await h.store.getRecord(first.actionKey as string)).toMatchObject({ status: 'failed', time_to_recover_ms: null });
    expect(h.statistics.outcomes.map((o) => o.outcome)).toEqual(['failed']);
    expect(await h.service.expire(h.clock.now())).toEqual([]);

    const second = expired?.next;
    h.clock.set(second?.notBefore as string);
    const secondSubmitted = await h.service.runScheduled(second?.actionKey as string);
    h.clock.set(secondSubmitted.deadlineAt as string);
    const [last] = await h.service.expire(h.clock.now());
    expect(last?.next).toMatchObject({ strategy: 'escalate', attempt: 3, status: 'escalated', executed: true });
    expect(h.executors.callsOf('notify.pubsub')).toHaveLength(1);
  });

  it('treats a new failure of the run it created as the action failing, and moves the plan on at once', async () => {
    const h = await harness({ ...CONFIG, plans: { network_timeout: [{ strategy: 'retry_bigquery_job', maxAttempts: 2 }, 'escalate'] } });
    const first = await h.service.handle(request('network_timeout'));
    h.clock.advance(120_000);
    const again = await h.service.handle(request('network_timeout', { runId: first.createdRunId as string, eventId: 'evt-2', occurredAt: '2024-05-01T10:02:00.000Z' }));
    expect(again).toMatchObject({ strategy: 'retry_bigquery_job', attempt: 2, status: 'submitted', rootRunId: 'bquxjob_1a2b3c' });
    expect(await h.store.getRecord(first.actionKey as string)).toMatchObject({ status: 'failed', reason: `run ${first.createdRunId} failed again at 2024-05-01T10:02:00.000Z` });
    const third = await h.service.handle(request('network_timeout', { runId: again.createdRunId as string, eventId: 'evt-3', occurredAt: '2024-05-01T10:02:30.000Z' }));
    expect(third).toMatchObject({ strategy: 'escalate', attempt: 3 });
  });

  it('counts a quiet period without new failures as success for actions nothing else can confirm', async () => {
    const h = await harness({
      dryRun: false,
      autonomy: { byCategory: { timeout_exceeded: 'auto' } },
      pipelines: {
        clickstream: {
          source: 'dataflow',
          dataflow: { location: 'us-central1', containerSpecGcsPath: 'gs://t/c.json', jobType: 'streaming', maxWorkersCeiling: 20, environment: { maxWorkers: 5 } },
        },
      },
    });
    const decision = await h.service.handle(request('timeout_exceeded', { source: 'dataflow', pipelineId: 'clickstream', runId: '2024-05-01_job', location: 'us-central1', errorMessage: 'Processing stuck in step S03' }));
    expect(decision).toMatchObject({ strategy: 'scale_dataflow_workers', status: 'submitted' });
    h.clock.set(decision.deadlineAt as string);
    const [expired] = await h.service.expire(h.clock.now());
    expect(expired).toEqual({ actionKey: decision.actionKey, strategy: 'scale_dataflow_workers', outcome: 'succeeded', next: null });
  });

  it('goes on from a pause straight to escalation: a holding move needs no verification', async () => {
    const h = await harness({
      dryRun: false,
      notification: NOTIFY,
      autonomy: { byCategory: { schema_mismatch: 'auto' } },
      pipelines: { orders_dag: { source: 'composer', composer: { airflowUri: 'https://abc-dot-us-central1.composer.googleusercontent.com' } } },
    });
    const decision = await h.service.handle(request('schema_mismatch', { source: 'composer', pipelineId: 'orders_dag', runId: 'scheduled__2024-05-01', errorMessage: 'Provided Schema does not match Table a:b.c' }));
    expect(decision).toMatchObject({ strategy: 'pause_airflow_dag', status: 'succeeded', executed: true });
    expect(h.executors.calls.map((a) => a.kind)).toEqual(['composer.pause_dag', 'notify.pubsub']);
  });

  it('marks a deferred action that the run outgrew as recovered without acting', async () => {
    const h = await harness(CONFIG);
    const decision = await h.service.handle(request('network_timeout'));
    const settled = await h.service.settle(success({ occurredAt: '2024-05-01T10:00:30.000Z' }));
    expect(settled.map((s) => s.outcome)).toEqual(['recovered_before_action']);
    expect((await h.service.runScheduled(decision.actionKey as string)).duplicate).toBe(true);
    expect(h.executors.calls).toEqual([]);
  });

  it('a permanent executor refusal skips the remaining attempts of the step', async () => {
    const h = await harness({ ...CONFIG, plans: { network_timeout: [{ strategy: 'retry_bigquery_job', maxAttempts: 3 }, 'escalate'] } });
    h.executors.failNext('bigquery.rerun_job', { detail: '400 invalid configuration', retryable: false });
    const decision = await h.service.handle(request('network_timeout'));
    expect(decision).toMatchObject({ status: 'failed', attempt: 1 });
    expect(h.executors.calls.map((a) => a.kind)).toEqual(['bigquery.rerun_job', 'notify.pubsub']);
  });
});
