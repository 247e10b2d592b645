import { ALL_ACTION_KINDS, DRY_RUN_DETAIL, RecordingExecutor } from '../../../shared/src/adapters/executors/recording-executor';
import type { RemediationAction } from '../../../shared/src/core/remediation/actions';
import { guardNetwork } from '../../helpers/network-guard';
import { MemoryLogger } from '../../helpers/memory-logger';

const actions: RemediationAction[] = [
  {
    kind: 'bigquery.rerun_job',
    projectId: 'analytics-prod',
    location: 'EU',
    originalJobId: 'bquxjob_5e1f2a3b',
    newJobId: 'flexiroaster_rerun_3f9c2a71',
    configuration: { query: { query: 'SELECT 1', useLegacySql: false } },
  },
  { kind: 'composer.trigger_dag', airflowUri: 'https://x-dot-europe-west1.composer.googleusercontent.com', dagId: 'orders_daily', dagRunId: 'r1', conf: { secretish: 'kept out of logs' } },
  { kind: 'notify.webhook', webhookSecretName: 'slack-webhook', payload: { text: 'hello' } },
];

describe('RecordingExecutor', () => {
  it('records every action, calls nothing, and marks each result as a dry run', async () => {
    const guard = guardNetwork();
    const logger = new MemoryLogger();
    const executor = new RecordingExecutor(logger);
    try {
      const results = await Promise.all(actions.map((action) => executor.execute(action)));

      expect(results).toEqual(actions.map(() => ({ status: 'submitted', detail: DRY_RUN_DETAIL, retryable: false, dryRun: true })));
      expect(executor.actions).toEqual(actions);
      expect(guard.blocked).toEqual([]);
    } finally {
      guard.restore();
    }
  });

  it('keeps what it recorded even if the caller mutates the action afterwards', async () => {
    const executor = new RecordingExecutor();
    const action: RemediationAction = { kind: 'composer.pause_dag', airflowUri: 'https://a.composer.googleusercontent.com', dagId: 'orders_daily' };

    await executor.execute(action);
    action.dagId = 'changed';

    expect(executor.actions[0]).toMatchObject({ dagId: 'orders_daily' });
    executor.clear();
    expect(executor.actions).toHaveLength(0);
  });

  it('logs what would have run without message bodies or DAG conf', async () => {
    const logger = new MemoryLogger();
    await new RecordingExecutor(logger).execute(actions[1] as RemediationAction);

    expect(logger.lines).toEqual([
      {
        severity: 'NOTICE',
        message: `${DRY_RUN_DETAIL}: composer.trigger_dag`,
        fields: { dryRun: true, action: { kind: 'composer.trigger_dag', dagId: 'orders_daily', dagRunId: 'r1' } },
      },
    ]);
    expect(JSON.stringify(logger.lines)).not.toContain('kept out of logs');
  });

  it('claims every action kind, so a dry run never falls through to a live executor', () => {
    expect(new RecordingExecutor().kinds).toEqual(ALL_ACTION_KINDS);
    expect([...ALL_ACTION_KINDS].sort()).toEqual([
      'bigquery.rerun_job',
      'composer.clear_failed_tasks',
      'composer.pause_dag',
      'composer.trigger_dag',
      'dataflow.launch_flex_template',
      'dataflow.update_job_state',
      'dataflow.update_workers',
      'notify.pubsub',
      'notify.webhook',
      'workflows.reexecute',
    ]);
  });
});
