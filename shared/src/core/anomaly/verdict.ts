import type { RunRecord } from '../runs/run-record';
import { FEATURE_NAMES, runFeatures, type RunResources } from './run-features';
import { DEFAULT_RULE_OPTIONS, durationRule, failureSpikeRule, newSignatureRule, retryBurstRule, type RuleOptions, type RuleOutcome, utilizationRule, volumeRule } from './run-rules';
import type { AnomalyVerdict, DetectorResult, Finding } from './verdict-types';

/**
 * Scores one feature row against a model fitted on training rows that never include it (NaN = not
 * measured). Implemented over the Isolation Forest; injected so the verdict stays one pure function.
 */
export interface OutlierModel {
  readonly name: string;
  score(training: readonly number[][], row: readonly number[], featureNames: readonly string[]): { score: number; topFeatures: string[] };
}

export interface VerdictContext {
  resources: RunResources | null;
  outlier?: OutlierModel;
  options?: Partial<RuleOptions> & { minTrainingRuns?: number; outlierThreshold?: number };
}

const MIN_TRAINING_RUNS = 16;
const OUTLIER_THRESHOLD = 0.7;

function byEnd(a: RunRecord, b: RunRecord): number {
  return (a.endedAt ?? a.lastEventAt) < (b.endedAt ?? b.lastEventAt) ? -1 : 1;
}

function outlierDetector(run: RunRecord, history: readonly RunRecord[], context: VerdictContext, resources: RunResources | null): RuleOutcome {
  const model = context.outlier;
  if (model === undefined) return { result: { score: 0, fired: false, skipped: 'no outlier model configured' }, findings: [] };
  const minimum = context.options?.minTrainingRuns ?? MIN_TRAINING_RUNS;
  if (history.length < minimum) return { result: { score: 0, fired: false, skipped: `fewer than ${minimum} earlier runs to train on` }, findings: [] };
  const ordered = [...history].sort(byEnd);
  // Each training row is built from the runs before it, exactly like the scored row: no look-ahead.
  const training = ordered.map((past, index) => runFeatures(past, ordered.slice(0, index), null));
  const row = runFeatures(run, ordered, resources);
  const { score, topFeatures } = model.score(training, row, FEATURE_NAMES);
  const threshold = context.options?.outlierThreshold ?? OUTLIER_THRESHOLD;
  const baseline = `${model.name} trained on the last ${ordered.length} runs`;
  const result: DetectorResult = { score, fired: score >= threshold, baseline };
  if (!result.fired) return { result, findings: [] };
  const why = topFeatures.length === 0 ? '' : `, isolated mostly by ${topFeatures.join(' and ')}`;
  return { result, findings: [{ kind: 'outlier', detector: 'isolation_forest', score, reason: `run feature vector is an outlier (score ${score.toFixed(2)}) against ${baseline}${why}` }] };
}

/**
 * The verdict on a run that just ended, from the pipeline's earlier runs only (`history` must hold
 * runs that ended before it; the run itself is dropped if present): robust z-score rules with a
 * seasonal median/MAD baseline, deterministic rules for retry bursts, failure spikes and new
 * signatures, CPU/memory thresholds, and the Isolation Forest over the run feature vector.
 * The score is the strongest detector's (0..1; 0.5 is where a rule fires); every reason names its baseline.
 */
export function judgeRun(run: RunRecord, history: readonly RunRecord[], context: VerdictContext): AnomalyVerdict {
  const options: RuleOptions = { ...DEFAULT_RULE_OPTIONS, ...context.options };
  const earlier = history.filter((past) => past.runKey !== run.runKey && past.endedAt !== null && run.endedAt !== null && past.endedAt < run.endedAt);
  const outcomes: Record<string, RuleOutcome> = {
    duration_zscore: durationRule(run, earlier, options),
    volume_zscore: volumeRule(run, earlier, options),
    retry_burst: retryBurstRule(run, earlier, options),
    failure_spike: failureSpikeRule(run, earlier, options),
    new_signature: newSignatureRule(run, earlier, options),
    utilization: utilizationRule(context.resources, options),
    isolation_forest: outlierDetector(run, earlier, context, context.resources),
  };
  const findings: Finding[] = Object.values(outcomes)
    .flatMap((outcome) => outcome.findings)
    .sort((a, b) => b.score - a.score);
  const detectors = Object.fromEntries(Object.entries(outcomes).map(([name, outcome]) => [name, outcome.result]));
  const strongest = Math.max(0, ...Object.values(detectors).map((result) => result.score));
  const isAnomaly = findings.length > 0;
  // A detector may lean toward unusual without firing; only a finding makes the score reach 0.5.
  const score = Math.round((isAnomaly ? Math.max(0.5, strongest) : Math.min(0.49, strongest)) * 1000) / 1000;
  return { isAnomaly, score, reasons: findings.map((finding) => finding.reason), detectors, findings };
}
