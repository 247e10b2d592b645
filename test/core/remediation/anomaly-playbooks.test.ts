import { NOT_A_FAILURE, parseRemediationRequest } from '../../../shared/src/core/remediation/remediation-request-codec';
import type { AnomalyHint, RemediationRequest } from '../../../shared/src/core/remediation/decision';
import { dispatchRemediation } from '../../../shared/src/core/remediation/remediation-dispatcher';
import { failure, harness, request } from '../../helpers/remediation-fakes';

const STREAM = {
  source: 'dataflow',
  dataflow: {
    location: 'us-central1',
    containerSpecGcsPath: 'gs://acme-templates/events/v3.json',
    parameters: {},
    jobType: 'streaming',
    maxWorkersCeiling: 40,
    environment: { machineType: 'n2-standard-4', numWorkers: 2, maxWorkers: 10 },
  },
};

function config(extra: Record<string, unknown> = {}) {
  return {
    dryRun: false,
    notification: { kind: 'pubsub', topic: 'projects/acme-ops/topics/escalations' },
    // Anomalies on runs that did not fail carry no failure category ('unknown'), which only proposes by default.
    autonomy: { byCategory: { unknown: 'auto' } },
    pipelines: {
      // Only registered BigQuery pipelines are ever re-run (issue 12), with the statement types they allow.
      'acme-data.sales.orders': { source: 'bigquery', bigquery: { allowedStatementTypes: ['SELECT'], destinationTables: [] } },
      'events-stream': STREAM,
      'orders-dag': { source: 'composer', criticality: 'non-critical', composer: { airflowUri: 'https://abc-dot-us-central1.composer.googleusercontent.com' } },
      'billing-dag': { source: 'composer', criticality: 'critical', composer: { airflowUri: 'https://abc-dot-us-central1.composer.googleusercontent.com' } },
    },
    ...extra,
  };
}

function hint(kinds: string[]): AnomalyHint {
  return { score: 0.9, kinds, reasons: kinds.map((kind) => `${kind} reason`) };
}

const slowStreamingRun = (anomaly: AnomalyHint): RemediationRequest => ({
  event: failure({ source: 'dataflow', pipelineId: 'events-stream', runId: '2024-05-01_03_00_00-77', status: 'succeeded', location: 'us-central1', errorMessage: undefined }),
  classification: NOT_A_FAILURE,
  anomaly,
  scores: { anomaly: anomaly.score },
});

describe('anomaly playbooks through the remediation policy and guardrails', () => {
  it('scales a streaming Dataflow job on a latency spike with high CPU, and only once per run', async () => {
    const h = await harness(config());
    const first = await dispatchRemediation(h.service, slowStreamingRun(hint(['latency_spike', 'high_cpu'])));
    expect(first.kind).toBe('decided');
    const decision = first.kind === 'decided' ? first.decision : null;
    expect(decision).toMatchObject({ strategy: 'scale_dataflow_workers', status: 'submitted', executed: true });
    expect(decision?.explanation.rule).toMatch(/^anomaly playbook scale_on_latency_and_cpu \(latency spike with high CPU\): plan unknown\/dataflow \(anomaly\) step 1 scale_dataflow_workers/);
    expect(h.executors.calls.map((call) => call.kind)).toEqual(['dataflow.update_workers']);
    await dispatchRemediation(h.service, slowStreamingRun(hint(['latency_spike', 'high_cpu'])));
    expect(h.executors.calls).toHaveLength(1);
  });

  it('only proposes the playbook to people under the default autonomy for uncategorized anomalies', async () => {
    const h = await harness({ ...config(), autonomy: {} });
    const result = await dispatchRemediation(h.service, slowStreamingRun(hint(['latency_spike', 'high_cpu'])));
    expect(result.kind === 'decided' ? result.decision : null).toMatchObject({ strategy: 'scale_dataflow_workers', autonomy: 'notify', status: 'escalated' });
    expect(h.executors.calls.map((call) => call.kind)).toEqual(['notify.pubsub']);
  });

  it('does nothing for a latency spike alone on a run that did not fail', async () => {
    const h = await harness(config());
    const result = await dispatchRemediation(h.service, slowStreamingRun(hint(['latency_spike'])));
    expect(result.kind === 'decided' ? result.decision.actionKey : 'no decision').toBeNull();
    expect(h.executors.calls).toHaveLength(0);
  });

  it('respects dry run and a paused pipeline like any other decision', async () => {
    const dry = await harness(config({ dryRun: true }));
    const dryResult = await dispatchRemediation(dry.service, slowStreamingRun(hint(['latency_spike', 'high_cpu'])));
    expect(dryResult.kind === 'decided' ? dryResult.decision.status : null).toBe('would_have_done');
    expect(dry.executors.calls).toHaveLength(0);

    const paused = await harness(config());
    await paused.service.pause({ scope: 'pipeline', pipelineId: 'events-stream' }, 'oncall@acme.example', 'maintenance');
    const pausedResult = await dispatchRemediation(paused.service, slowStreamingRun(hint(['latency_spike', 'high_cpu'])));
    expect(pausedResult.kind === 'decided' ? pausedResult.decision.status : null).toBe('refused');
    expect(paused.executors.calls).toHaveLength(0);
  });

  it('pauses a non-critical DAG on a throughput drop with a retry burst, and escalates for a critical one', async () => {
    const h = await harness(config());
    const event = { source: 'composer' as const, pipelineId: 'orders-dag', runId: '2024-05-01T03:00:00+00:00', stageId: 'load', location: 'us-central1' };
    const nonCritical = await h.service.handle(request('network_timeout', event, { anomaly: hint(['throughput_drop', 'retry_burst']) }));
    expect(nonCritical.strategy).toBe('pause_airflow_dag');
    const critical = await h.service.handle(request('network_timeout', { ...event, pipelineId: 'billing-dag', runId: '2024-05-02T03:00:00+00:00', eventId: 'evt-2' }, { anomaly: hint(['throughput_drop', 'retry_burst']) }));
    expect(critical.strategy).toBe('escalate');
    expect(critical.explanation.rule).toMatch(/anomaly playbook pause_on_throughput_drop_and_retries \(throughput drop with a retry burst on a critical pipeline\)/);
  });

  it('retries with backoff then escalates on a failure spike with a repeated pattern, but not for a new signature', async () => {
    const h = await harness(config());
    const spike = await h.service.handle(request('unknown', {}, { anomaly: hint(['failure_spike']) }));
    expect(spike).toMatchObject({ strategy: 'retry_bigquery_job', status: 'decided' });
    expect(spike.explanation.plan).toEqual({ origin: 'anomaly', steps: [{ strategy: 'retry_bigquery_job', maxAttempts: 2 }, { strategy: 'escalate', maxAttempts: 1 }] });
    expect(spike.explanation.backoff?.delayMs).toBeGreaterThanOrEqual(60_000);
    const other = await harness(config());
    const fresh = await other.service.handle(request('unknown', {}, { anomaly: hint(['failure_spike', 'new_signature']) }));
    expect(fresh.explanation.plan.origin).not.toBe('anomaly');
  });

  it('never lets a playbook retry what the category forbids retrying', async () => {
    const h = await harness(config());
    const decision = await h.service.handle(request('schema_mismatch', {}, { anomaly: hint(['failure_spike']) }));
    expect(decision.explanation.plan.origin).not.toBe('anomaly');
    expect(decision.strategy).not.toBe('retry_bigquery_job');
  });

  it('carries the anomaly through the Pub/Sub request codec and refuses a malformed one', () => {
    const original = slowStreamingRun(hint(['latency_spike', 'high_cpu']));
    expect(parseRemediationRequest(JSON.parse(JSON.stringify(original))).anomaly).toEqual(original.anomaly);
    expect(() => parseRemediationRequest({ ...JSON.parse(JSON.stringify(original)), anomaly: { score: 3, kinds: [], reasons: [] } })).toThrow(/anomaly\.score/);
  });
});
