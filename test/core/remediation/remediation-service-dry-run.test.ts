import { harness, request } from '../../helpers/remediation-fakes';

const NOTIFY = { kind: 'pubsub', topic: 'projects/acme-ops/topics/escalations' };

describe('RemediationService dry run (the default)', () => {
  it('decides and records what it would have done without any executor or scheduler call', async () => {
    const { service, executors, scheduler, store } = await harness({ notification: NOTIFY });
    const retry = await service.handle(request('network_timeout'));
    const escalation = await service.handle(request('permission_denied', { runId: 'job-2', errorMessage: 'User does not have bigquery.tables.getData permission for table a:b.c.' }));
    expect(retry).toMatchObject({ strategy: 'retry_bigquery_job', autonomy: 'auto', dryRun: true, executed: false, status: 'would_have_done' });
    expect(retry.reason).toMatch(/^dry run, would have done: retry_bigquery_job: rerun BigQuery job bquxjob_1a2b3c/);
    expect(escalation).toMatchObject({ strategy: 'escalate', dryRun: true, executed: false, status: 'would_have_done' });
    expect(executors.calls).toEqual([]);
    expect(scheduler.scheduled).toEqual([]);
    const stored = await store.getRecord(retry.actionKey as string);
    expect(stored).toMatchObject({ dry_run: true, executed: false, status: 'would_have_done', strategy: 'retry_bigquery_job', settled_at: null });
    expect(stored?.deadline_at).not.toBeNull();
  });

  it('also makes no call for approve autonomy, or when a pipeline is dry-run while the rest is live', async () => {
    const { service, executors } = await harness({
      dryRun: false,
      notification: NOTIFY,
      pipelines: { 'acme-data.sales.orders': { source: 'bigquery', dryRun: true, bigquery: { allowedStatementTypes: ['SELECT'], destinationTables: [] } }, 'acme-data.sales.refunds': { source: 'bigquery', bigquery: { allowedStatementTypes: ['SELECT'], destinationTables: [] } } },
    });
    const approve = await service.handle(request('missing_dependency', { errorMessage: 'Not found: Table acme-data:staging.orders' }));
    expect(approve).toMatchObject({ autonomy: 'approve', dryRun: true, status: 'would_have_done', approval: null });
    expect(executors.calls).toEqual([]);
    const live = await service.handle(request('network_timeout', { pipelineId: 'acme-data.sales.refunds', runId: 'job-9' }));
    expect(live).toMatchObject({ dryRun: false, status: 'decided' });
  });

  it('settles a dry-run record when the run recovers by itself, without counting it as a strategy outcome', async () => {
    const { service, statistics, store } = await harness({});
    const decision = await service.handle(request('network_timeout'));
    const settled = await service.settle({ ...request('network_timeout').event, eventId: 'evt-ok', status: 'succeeded', occurredAt: '2024-05-01T10:05:05.000Z' });
    expect(settled).toEqual([{ actionKey: decision.actionKey, strategy: 'retry_bigquery_job', outcome: 'dry_run_recovered', timeToRecoverMs: 300_000 }]);
    expect(statistics.outcomes).toEqual([]);
    expect(await store.getRecord(decision.actionKey as string)).toMatchObject({ status: 'would_have_done', time_to_recover_ms: 300_000 });
  });

  it('walks a holding move and the escalation after it, recording both as would-have-done', async () => {
    const { service, executors, store } = await harness({
      notification: NOTIFY,
      autonomy: { byCategory: { schema_mismatch: 'auto' } },
      pipelines: { orders_dag: { source: 'composer', composer: { airflowUri: 'https://abc-dot-us-central1.composer.googleusercontent.com' } } },
    });
    const pause = await service.handle(request('schema_mismatch', { source: 'composer', pipelineId: 'orders_dag', runId: 'scheduled__2024-05-01', errorMessage: 'Provided Schema does not match Table a:b.c' }));
    expect(pause).toMatchObject({ strategy: 'pause_airflow_dag', status: 'would_have_done', executed: false });
    const records = await store.recordsForRun('scheduled__2024-05-01');
    expect(records.sort((a, b) => a.attempt - b.attempt).map((r) => [r.strategy, r.attempt, r.status, r.settled_at !== null])).toEqual([
      ['pause_airflow_dag', 1, 'would_have_done', true],
      ['escalate', 2, 'would_have_done', true],
    ]);
    expect(executors.calls).toEqual([]);
  });
});
