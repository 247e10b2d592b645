import { mulberry32 } from '../../../shared/src/core/forest/seeded-random';
import { DEFAULT_ONLINE_RISK_OPTIONS, OnlineRiskScorer, type OnlineRiskOptions, type RiskPrediction } from '../../../shared/src/core/risk/online-risk-scorer';
import type { RunEvent } from '../../../shared/src/core/risk/run-events';
import { syntheticRunStream } from '../../helpers/run-stream';

const OPTIONS: OnlineRiskOptions = { ...DEFAULT_ONLINE_RISK_OPTIONS, minTrainingFailures: 50, gbdt: { ...DEFAULT_ONLINE_RISK_OPTIONS.gbdt, trees: 20 } };

function run(events: readonly RunEvent[], options: OnlineRiskOptions = OPTIONS): Map<string, RiskPrediction> {
  const scorer = new OnlineRiskScorer(options, mulberry32(42));
  const out = new Map<string, RiskPrediction>();
  for (const event of events) {
    if (event.type === 'start') out.set(event.runId, scorer.start(event));
    else scorer.outcome(event);
  }
  return out;
}

describe('online risk scorer', () => {
  const stream = syntheticRunStream({ pipelines: 15, days: 6, runsPerDay: 12, seed: 3 });

  it("never lets a run's own outcome change its own prediction (nor any prediction made before that outcome arrived)", () => {
    const outcomes = stream.filter((event) => event.type === 'outcome');
    const target = outcomes[Math.floor(outcomes.length * 0.7)] as Extract<RunEvent, { type: 'outcome' }>;
    const flipped = stream.map((event) =>
      event === target ? { ...target, status: target.status === 'failed' ? ('succeeded' as const) : ('failed' as const) } : event,
    );
    const original = run(stream);
    const changed = run(flipped);
    expect(changed.get(target.runId)).toEqual(original.get(target.runId));
    const outcomeIndex = stream.indexOf(target);
    for (const event of stream.slice(0, outcomeIndex)) {
      if (event.type === 'start') expect(changed.get(event.runId)).toEqual(original.get(event.runId));
    }
    // The flip does reach later runs of the pipeline, so the check above is not vacuous.
    const later = stream.slice(outcomeIndex + 1).find((event) => event.type === 'start' && event.pipelineId === target.pipelineId);
    expect(later).toBeDefined();
    expect(changed.get((later as RunEvent).runId)?.failureProbability).not.toBe(original.get((later as RunEvent).runId)?.failureProbability);
  });

  it('uses the heuristic fallback before any model is trained and for pipelines with too little history, the model otherwise', () => {
    const predictions = run(stream, { ...OPTIONS, minHistoryForModel: 5 });
    const first = predictions.get('pipe-3-0-0');
    expect(first?.model).toBe('heuristic');
    expect(first?.factors.every((factor) => ['historicalFailureRate', 'recentFailures', 'consecutiveFailures', 'durationAnomaly', 'complexity', 'timeSinceSuccess'].includes(factor.name))).toBe(true);
    const late = predictions.get('pipe-3-5-11');
    expect(late?.model).toMatch(/^gbdt-v\d+$/);

    const newcomer: RunEvent[] = [...stream, { type: 'start', pipelineId: 'brand-new', runId: 'brand-new-1', at: Date.parse('2026-01-07T12:00:00Z'), context: { user: 'u-steady' } }];
    expect(run(newcomer, { ...OPTIONS, minHistoryForModel: 5 }).get('brand-new-1')?.model).toBe('heuristic');
  });

  it('scores a pipeline that keeps failing high and a healthy one low, with named factors', () => {
    const predictions = run(stream);
    const broken = predictions.get('broken-5-11') as RiskPrediction;
    const healthy = predictions.get('pipe-1-5-11') as RiskPrediction;
    expect(broken.failureProbability).toBeGreaterThan(0.8);
    expect(healthy.failureProbability).toBeLessThan(0.2);
    expect(broken.factors.length).toBeGreaterThan(0);
    expect(broken.factors[0]?.name).toMatch(/^(pipeline\.|recentErrors)/);
  });

  it('is deterministic: the same stream and seed give the same predictions', () => {
    expect([...run(stream).values()]).toEqual([...run(stream).values()]);
  });
});
