import { ConfigError } from '../../domain/errors';
import { bool, join, num, objectAt, rejectUnknownKeys } from '../../remediation/config/readers';

export const RISK_VERDICTS = ['proceed', 'warn', 'hold_for_approval'] as const;
export type RiskVerdict = (typeof RISK_VERDICTS)[number];

export interface RiskThresholds {
  /** At or above this probability the run proceeds with a warning to the owners. */
  warnAt: number;
  /** At or above this probability the run waits for a person's approval. */
  holdAt: number;
}

export interface RiskPolicy extends RiskThresholds {
  /** A new installation only reports what it would have gated: the verdict is computed, nothing is held. */
  dryRun: boolean;
  /** Per pipeline overrides (a nightly billing load is held earlier than a best-effort export). */
  pipelines: Readonly<Record<string, RiskThresholds>>;
}

export const DEFAULT_RISK_POLICY: RiskPolicy = { dryRun: true, warnAt: 0.3, holdAt: 0.7, pipelines: {} };

function thresholds(raw: Readonly<Record<string, unknown>>, key: string, fallback: RiskThresholds): RiskThresholds {
  rejectUnknownKeys(raw, key, ['warnAt', 'holdAt']);
  const warnAt = num(raw.warnAt, join(key, 'warnAt'), fallback.warnAt, 0, 1);
  const holdAt = num(raw.holdAt, join(key, 'holdAt'), fallback.holdAt, 0, 1);
  if (holdAt < warnAt) throw new ConfigError(join(key, 'holdAt'), `must not be below warnAt (${warnAt}), got ${holdAt}`);
  return { warnAt, holdAt };
}

/** The `risk` section of the remediation config: `{dryRun?, warnAt?, holdAt?, pipelines?: {id: {warnAt?, holdAt?}}}`. */
export function parseRiskPolicy(value: unknown, key = 'risk'): RiskPolicy {
  const raw = objectAt(value, key);
  rejectUnknownKeys(raw, key, ['dryRun', 'warnAt', 'holdAt', 'pipelines']);
  const { dryRun: _dryRun, pipelines: pipelinesRaw, ...levels } = raw;
  const base = thresholds(levels, key, DEFAULT_RISK_POLICY);
  const pipelines: Record<string, RiskThresholds> = {};
  for (const [pipelineId, override] of Object.entries(objectAt(pipelinesRaw, join(key, 'pipelines')))) {
    pipelines[pipelineId] = thresholds(objectAt(override, join(join(key, 'pipelines'), pipelineId)), join(join(key, 'pipelines'), pipelineId), base);
  }
  return { dryRun: bool(raw.dryRun, join(key, 'dryRun'), true), ...base, pipelines };
}

export interface PolicyDecision {
  verdict: RiskVerdict;
  /** What the caller should do: in dry run a hold is reported but the run proceeds. */
  enforced: RiskVerdict;
  dryRun: boolean;
  thresholds: RiskThresholds;
  reason: string;
}

/** The policy's verdict on a failure probability for one pipeline. */
export function decideRisk(policy: RiskPolicy, pipelineId: string, failureProbability: number): PolicyDecision {
  const levels = policy.pipelines[pipelineId] ?? { warnAt: policy.warnAt, holdAt: policy.holdAt };
  const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;
  let verdict: RiskVerdict = 'proceed';
  let reason = `failure probability ${percent(failureProbability)} is below the warning level ${percent(levels.warnAt)}`;
  if (failureProbability >= levels.holdAt) {
    verdict = 'hold_for_approval';
    reason = `failure probability ${percent(failureProbability)} is at or above the hold level ${percent(levels.holdAt)}`;
  } else if (failureProbability >= levels.warnAt) {
    verdict = 'warn';
    reason = `failure probability ${percent(failureProbability)} is at or above the warning level ${percent(levels.warnAt)}`;
  }
  const enforced: RiskVerdict = policy.dryRun && verdict === 'hold_for_approval' ? 'warn' : verdict;
  if (policy.dryRun && verdict === 'hold_for_approval') reason += ' (dry run: reported, not held)';
  return { verdict, enforced, dryRun: policy.dryRun, thresholds: levels, reason };
}
