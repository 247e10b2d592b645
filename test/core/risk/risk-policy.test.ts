import { ConfigError } from '../../../shared/src/core/domain/errors';
import { parseRemediationConfig } from '../../../shared/src/core/remediation/config/remediation-config';
import { mulberry32 } from '../../../shared/src/core/forest/seeded-random';
import { DEFAULT_ONLINE_RISK_OPTIONS, OnlineRiskScorer } from '../../../shared/src/core/risk/online-risk-scorer';
import { parsePreflightRequest, preflight, PreflightRequestError } from '../../../shared/src/core/risk/policy/preflight';
import { decideRisk, parseRiskPolicy } from '../../../shared/src/core/risk/policy/risk-policy';

describe('risk policy and preflight verdicts', () => {
  it('is a dry run with warn 0.3 / hold 0.7 when the remediation config says nothing about risk', () => {
    expect(parseRemediationConfig(undefined).risk).toEqual({ dryRun: true, warnAt: 0.3, holdAt: 0.7, pipelines: {} });
  });

  it('decides proceed / warn / hold for approval at the per-pipeline thresholds, enforcing holds only outside dry run', () => {
    const policy = parseRiskPolicy({ dryRun: false, warnAt: 0.2, holdAt: 0.6, pipelines: { billing: { holdAt: 0.4 } } });
    expect(decideRisk(policy, 'export', 0.1).verdict).toBe('proceed');
    expect(decideRisk(policy, 'export', 0.5).verdict).toBe('warn');
    expect(decideRisk(policy, 'billing', 0.5).verdict).toBe('hold_for_approval');
    expect(decideRisk(policy, 'billing', 0.5).thresholds).toEqual({ warnAt: 0.2, holdAt: 0.4 });
    expect(decideRisk(policy, 'billing', 0.5).enforced).toBe('hold_for_approval');
    const dry = parseRiskPolicy({ holdAt: 0.4 });
    const decision = decideRisk(dry, 'billing', 0.5);
    expect(decision.verdict).toBe('hold_for_approval');
    expect(decision.enforced).toBe('warn');
    expect(decision.reason).toContain('dry run');
  });

  it('refuses thresholds out of range, a hold below the warning and unknown keys, naming the key', () => {
    expect(() => parseRiskPolicy({ warnAt: 1.5 })).toThrow(ConfigError);
    expect(() => parseRiskPolicy({ pipelines: { billing: { warnAt: 0.5, holdAt: 0.2 } } })).toThrow(/risk\.pipelines\.billing\.holdAt/);
    expect(() => parseRemediationConfig({ risk: { gate: 1 } })).toThrow(/risk\.gate/);
  });

  it('answers a preflight for a pipeline that keeps failing with hold_for_approval and its factors, without recording a run', () => {
    const scorer = new OnlineRiskScorer(DEFAULT_ONLINE_RISK_OPTIONS, mulberry32(1));
    const at = Date.parse('2026-01-01T00:00:00Z');
    for (let i = 0; i < 6; i += 1) {
      scorer.start({ type: 'start', pipelineId: 'nightly', runId: `r${i}`, at: at + i * 3_600_000 });
      scorer.outcome({ type: 'outcome', pipelineId: 'nightly', runId: `r${i}`, at: at + i * 3_600_000 + 60_000, status: 'failed', durationS: 60 });
    }
    const policy = parseRiskPolicy({ dryRun: false, holdAt: 0.6 });
    const request = parsePreflightRequest({ pipelineId: 'nightly', features: { stageCount: 12 } });
    const answer = preflight((start) => scorer.score(start), policy, request, at + 7 * 3_600_000);
    expect(answer.failureProbability).toBeGreaterThan(0.6);
    expect(answer.successProbability).toBeCloseTo(1 - answer.failureProbability, 12);
    expect(answer.decision.verdict).toBe('hold_for_approval');
    expect(answer.topFactors.map((factor) => factor.name)).toContain('consecutiveFailures');
    expect(scorer.history.pipeline('nightly')?.starts).toBe(6);
    const healthy = preflight((start) => scorer.score(start), policy, parsePreflightRequest({ pipelineId: 'fresh' }), at);
    expect(healthy.decision.verdict).toBe('proceed');
  });

  it('rejects a preflight body without a pipeline or with non-numeric features', () => {
    expect(() => parsePreflightRequest({ features: {} })).toThrow(PreflightRequestError);
    expect(() => parsePreflightRequest({ pipelineId: 'p', features: { workers: 'ten' } })).toThrow(/features\.workers/);
  });
});
