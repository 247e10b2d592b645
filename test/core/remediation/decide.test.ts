import { FAILURE_CATEGORIES, CATEGORIES } from '../../../shared/src/core/domain/category';
import { SOURCES, type PipelineEvent } from '../../../shared/src/core/domain/pipeline-event';
import { parseRemediationConfig, type RemediationConfig } from '../../../shared/src/core/remediation/config/remediation-config';
import { MinerSignatures } from '../../../shared/src/core/classify/miner-signatures';
import { decide } from '../../../shared/src/core/remediation/decide';
import type { RemediationRequest } from '../../../shared/src/core/remediation/decision';
import { defaultPlan } from '../../../shared/src/core/remediation/default-plans';
import { planProblems } from '../../../shared/src/core/remediation/plan';
import { classified, failure, ORDERS_PIPELINE, ORDERS_REGISTRATION, ORIGINAL_JOB, request, seededRandom } from '../../helpers/remediation-fakes';

const NOW = new Date('2024-05-01T10:00:00.000Z');

const CLICKSTREAM = {
  source: 'dataflow',
  dataflow: {
    location: 'us-central1',
    containerSpecGcsPath: 'gs://acme-templates/clickstream/v12.json',
    rollbackContainerSpecGcsPath: 'gs://acme-templates/clickstream/v11.json',
    parameters: { inputTopic: 'projects/acme-data/topics/clicks' },
    jobType: 'batch',
    environment: { machineType: 'n2-standard-4', workerZone: 'us-central1-a' },
    allowedMachineTypes: ['n2-standard-4', 'n2-highmem-4', 'n2-highmem-8'],
    allowedZones: ['us-central1-a', 'us-central1-b', 'us-east1'],
  },
};

function config(extra: Record<string, unknown> = {}): RemediationConfig {
  return parseRemediationConfig({
    dryRun: false,
    notification: { kind: 'pubsub', topic: 'projects/acme-ops/topics/escalations' },
    pipelines: {
      clickstream: CLICKSTREAM,
      'orders-dag': { source: 'composer', criticality: 'non-critical', composer: { airflowUri: 'https://abc-dot-us-central1.composer.googleusercontent.com' } },
      'nightly-export': { source: 'workflows', workflows: { workflowId: 'nightly-export', defaultArgument: '{"day":"yesterday"}' } },
      [ORDERS_PIPELINE]: ORDERS_REGISTRATION,
    },
    ...extra,
  });
}

function dataflowFailure(message: string, extra: Partial<PipelineEvent> = {}): Partial<PipelineEvent> {
  return { source: 'dataflow', pipelineId: 'clickstream', runId: '2024-05-01_03_00_00-123', location: 'us-central1', errorMessage: message, ...extra };
}

function run(req: RemediationRequest, cfg = config(), attempt = 1) {
  return decide(req, { config: cfg, now: NOW, random: seededRandom(9), attempt });
}

describe('decide', () => {
  it('gives every category and source a default plan in the safe order', () => {
    for (const category of CATEGORIES) {
      for (const source of SOURCES) {
        for (const dataflowJobType of ['batch', 'streaming'] as const) {
          const plan = defaultPlan({ category, event: { source, errorMessage: 'ZONE_RESOURCE_POOL_EXHAUSTED' }, dataflowJobType });
          expect({ category, source, problems: planProblems(category, plan) }).toEqual({ category, source, problems: [] });
        }
      }
    }
  });

  it('retries a transient BigQuery failure by rerunning the original configuration under a deterministic job id', () => {
    const decision = run(request('network_timeout'));
    expect(decision).toMatchObject({ strategy: 'retry_bigquery_job', autonomy: 'auto', dryRun: false, executed: false, status: 'decided' });
    expect(decision.action).toMatchObject({ kind: 'bigquery.rerun_job', projectId: 'acme-data', location: 'US', originalJobId: 'bquxjob_1a2b3c', configuration: { query: { query: 'SELECT 1', useLegacySql: false } } });
    expect(decision.createdRunId).toBe(decision.action?.kind === 'bigquery.rerun_job' ? decision.action.newJobId : 'x');
    expect(run(request('network_timeout')).action).toEqual(decision.action);
  });

  it('escalates instead of rerunning when the original job configuration is unknown, and says why', () => {
    const decision = run(request('rate_limiting', {}, { originalJob: undefined }));
    expect(decision.strategy).toBe('escalate');
    expect(decision.explanation.considered).toEqual([
      { strategy: 'retry_bigquery_job', verdict: 'not_applicable', why: expect.stringMatching(/original job is unavailable/) },
      { strategy: 'skip_non_critical', verdict: 'not_applicable', why: expect.stringMatching(/critical/) },
    ]);
    expect(decision.explanation.rule).toMatch(/^fallback: no step of the plan can act on this failure/);
  });

  it('relaunches an out-of-memory Dataflow job on the next larger allowed machine type, one size per attempt', () => {
    const req = request('memory_leak', dataflowFailure('java.lang.OutOfMemoryError: Java heap space'));
    const first = run(req, config({ autonomy: { byCategory: { memory_leak: 'auto' } } }));
    const second = run(req, config({ autonomy: { byCategory: { memory_leak: 'auto' } } }), 2);
    const third = run(req, config({ autonomy: { byCategory: { memory_leak: 'auto' } } }), 3);
    expect(first.action).toMatchObject({ kind: 'dataflow.launch_flex_template', jobName: 'clickstream', containerSpecGcsPath: 'gs://acme-templates/clickstream/v12.json', environment: { machineType: 'n2-highmem-4' } });
    expect(second.action).toMatchObject({ environment: { machineType: 'n2-highmem-8' } });
    expect(third.strategy).toBe('escalate');
  });

  it('moves workers to another allowed zone after a zone stock-out, and then to another region', () => {
    const req = request('resource_exhaustion', dataflowFailure('Startup of the worker pool in zone us-central1-a failed: ZONE_RESOURCE_POOL_EXHAUSTED', { resourceLabels: { zone: 'us-central1-a' } }));
    const first = run(req);
    const second = run(req, config(), 2);
    expect(first.action).toMatchObject({ kind: 'dataflow.launch_flex_template', environment: { workerZone: 'us-central1-b' } });
    expect(second.action).toMatchObject({ environment: { workerRegion: 'us-east1' } });
    expect(second.action).not.toHaveProperty('environment.workerZone');
  });

  it('escalates a non-transient capacity failure such as a query too complex for BigQuery', () => {
    expect(run(request('resource_exhaustion', { errorMessage: 'Resources exceeded during query execution: Not enough resources for query planning' })).strategy).toBe('escalate');
  });

  it('pauses a Composer DAG on schema and data problems, then escalates; never retries them', () => {
    const req = request('schema_mismatch', { source: 'composer', pipelineId: 'orders-dag', runId: 'scheduled__2024-05-01T00:00:00+00:00', errorMessage: 'Provided Schema does not match Table acme-data:sales.orders' });
    const decision = run(req, config({ autonomy: { byCategory: { schema_mismatch: 'auto' } } }));
    expect(decision.strategy).toBe('pause_airflow_dag');
    expect(decision.action).toEqual({ kind: 'composer.pause_dag', airflowUri: 'https://abc-dot-us-central1.composer.googleusercontent.com', dagId: 'orders-dag' });
    expect(decision.explanation.plan.steps.map((s) => s.strategy)).toEqual(['pause_airflow_dag', 'escalate']);
    expect(decision.explanation.excluded).toEqual(['retrying is excluded: the same data would fail the same schema check again']);
    expect(run(request('data_corruption', { errorMessage: 'CSV table encountered too many errors' })).strategy).toBe('escalate');
  });

  it('skips a non-critical pipeline once its retries are used up, and never a critical one', () => {
    const composer = { source: 'composer' as const, pipelineId: 'orders-dag', runId: 'manual__1' };
    expect(run(request('network_timeout', composer), config(), 4).strategy).toBe('skip_non_critical');
    expect(run(request('network_timeout'), config(), 4).strategy).toBe('escalate');
  });

  it('drains a stuck streaming job and cancels a stuck batch job, after trying to scale a streaming one', () => {
    const streaming = config({ pipelines: { clickstream: { ...CLICKSTREAM, dataflow: { ...CLICKSTREAM.dataflow, jobType: 'streaming', maxWorkersCeiling: 40, environment: { maxWorkers: 10 } } } } });
    const req = request('timeout_exceeded', dataflowFailure('Processing stuck in step S04 for at least 05m00s'));
    expect(run(req, streaming).action).toMatchObject({ kind: 'dataflow.update_workers', jobId: '2024-05-01_03_00_00-123', maxNumWorkers: 20 });
    expect(run(req, streaming, 2).action).toMatchObject({ kind: 'dataflow.update_job_state', requestedState: 'JOB_STATE_DRAINED' });
    expect(run(req).action).toMatchObject({ kind: 'dataflow.update_job_state', requestedState: 'JOB_STATE_CANCELLED' });
  });

  it('rolls a Dataflow job back to its last known-good template when its image is missing', () => {
    const decision = run(request('missing_dependency', dataflowFailure('manifest unknown: Failed to fetch "v12"')));
    expect(decision.strategy).toBe('rollback_dataflow_template');
    expect(decision.action).toMatchObject({ containerSpecGcsPath: 'gs://acme-templates/clickstream/v11.json' });
  });

  it('re-executes a workflow with its argument and refreshes credentials only when they live in Secret Manager', () => {
    const workflows = { source: 'workflows' as const, pipelineId: 'nightly-export', runId: 'exec-1', location: 'us-central1' };
    expect(run(request('network_timeout', workflows, { executionArgument: '{"day":"2024-04-30"}' })).action).toMatchObject({ kind: 'workflows.reexecute', workflowId: 'nightly-export', argument: '{"day":"2024-04-30"}' });
    const auth = request('authentication_failure', { errorMessage: 'invalid_grant: Token has been expired or revoked.' });
    const withSecret = config({ autonomy: { byCategory: { authentication_failure: 'auto' } }, pipelines: { 'acme-data.sales.orders': { source: 'bigquery', secretName: 'projects/acme-data/secrets/etl-oauth', bigquery: { allowedStatementTypes: ['SELECT'], destinationTables: [] } } } });
    expect(run(auth, withSecret)).toMatchObject({ strategy: 'refresh_credentials', action: { kind: 'bigquery.rerun_job' } });
    expect(run(auth, withSecret).reason).toMatch(/latest version of projects\/acme-data\/secrets\/etl-oauth/);
    expect(run(auth).strategy).toBe('escalate');
  });

  it('explains the decision: classification with runner-up, scores, the rule that fired, and autonomy', () => {
    const req: RemediationRequest = {
      event: failure(),
      classification: classified('network_timeout', 0.71, { stage: 'model', rule: undefined, runnerUp: { category: 'timeout_exceeded', confidence: 0.22 } }),
      scores: { anomaly: 0.91, failure_risk: 0.35 },
      originalJob: ORIGINAL_JOB,
    };
    const { explanation } = run(req);
    expect(explanation.classification).toEqual({ category: 'network_timeout', confidence: 0.71, stage: 'model', rule: null, runnerUp: { category: 'timeout_exceeded', confidence: 0.22 }, signature: 'sig-network_timeout' });
    expect(explanation.scores).toEqual({ anomaly: 0.91, failure_risk: 0.35 });
    expect(explanation.rule).toBe('plan network_timeout/bigquery (default) step 1 retry_bigquery_job, attempt 1 of 3');
    expect(explanation.considered).toEqual([
      { strategy: 'retry_bigquery_job', verdict: 'chosen', why: expect.stringMatching(/^rerun BigQuery job bquxjob_1a2b3c/) },
      { strategy: 'skip_non_critical', verdict: 'not_reached', why: 'an earlier, less drastic step applies' },
    ]);
    expect(explanation.autonomy).toEqual({ value: 'auto', origin: 'category network_timeout' });
    expect(JSON.parse(JSON.stringify(explanation))).toEqual(explanation);
  });

  it('resolves autonomy from the most specific setting and lowers auto to approve below minConfidence', () => {
    const cfg = config({ autonomy: { default: 'notify', byCategory: { network_timeout: 'auto' } }, pipelines: { 'acme-data.sales.orders': { source: 'bigquery', autonomy: { network_timeout: 'approve' }, bigquery: { allowedStatementTypes: ['SELECT'], destinationTables: [] } }, other: { source: 'bigquery', bigquery: { allowedStatementTypes: ['SELECT'], destinationTables: [] } } } });
    expect(run(request('network_timeout'), cfg).autonomy).toBe('approve');
    expect(run(request('network_timeout', { pipelineId: 'other' }), cfg).autonomy).toBe('auto');
    const unsure = run({ ...request('network_timeout', { pipelineId: 'other' }), classification: classified('network_timeout', 0.4) }, cfg);
    expect(unsure.autonomy).toBe('approve');
    expect(unsure.status).toBe('awaiting_approval');
    expect(unsure.explanation.autonomy.origin).toMatch(/lowered to approve: confidence 0.40 < minConfidence 0.6/);
  });

  it('under notify autonomy proposes the action to people instead of taking it', () => {
    const decision = run(request('network_timeout'), config({ autonomy: { byCategory: { network_timeout: 'notify' } } }));
    expect(decision.status).toBe('escalated');
    expect(decision.action?.kind).toBe('notify.pubsub');
    expect(decision.explanation.proposedAction?.kind).toBe('bigquery.rerun_job');
  });

  it('records everything as would-have-done in a dry run, the default', () => {
    const decision = decide(request('network_timeout'), { config: parseRemediationConfig({ pipelines: { [ORDERS_PIPELINE]: ORDERS_REGISTRATION } }), now: NOW, random: seededRandom(1) });
    expect(decision).toMatchObject({ strategy: 'retry_bigquery_job', dryRun: true, executed: false, status: 'would_have_done' });
    expect(decision.reason).toMatch(/^dry run, would have done: retry_bigquery_job/);
  });

  it('builds the same action key for the same failure and a different one per strategy, attempt and run', () => {
    const key = (req: RemediationRequest, attempt = 1) => run(req, config(), attempt).actionKey;
    expect(key(request('network_timeout'))).toBe(key(request('network_timeout', { eventId: 'evt-redelivered' })));
    expect(key(request('network_timeout'))).not.toBe(key(request('network_timeout'), 2));
    expect(key(request('network_timeout'))).not.toBe(key(request('network_timeout', { runId: 'bquxjob_other' })));
    expect(key(request('network_timeout'))).toMatch(/^[0-9a-f]{64}$/);
  });

  it('derives the same action key in two instances whose signature miners learned different histories', () => {
    const message = 'Error while reading data, error message: Connection reset by peer while reading from 10.128.0.7:443';
    const warm = new MinerSignatures();
    for (let host = 1; host <= 6; host += 1) warm.signatureOf(`Error while reading data, error message: Connection reset by peer while reading from shard-${'abcdef'[host - 1]}:443`);
    const cold = new MinerSignatures();
    const [warmId, coldId] = [warm.signatureOf(message).signatureId, cold.signatureOf(message).signatureId];
    expect(warmId).not.toBe(coldId);
    const asSeenBy = (signature: string): RemediationRequest => ({ ...request('network_timeout'), classification: classified('network_timeout', 0.95, { signature }) });
    expect(run(asSeenBy(warmId), config()).actionKey).toBe(run(asSeenBy(coldId), config()).actionKey);
  });

  it('has nothing to decide for events that are not failures', () => {
    expect(run(request('network_timeout', { status: 'succeeded' }))).toMatchObject({ strategy: null, actionKey: null, executed: false });
  });

  it('never produces an action for a failure category it has no plan step for', () => {
    for (const category of FAILURE_CATEGORIES) {
      const decision = run(request(category));
      expect(decision.strategy).not.toBeNull();
    }
  });
});
