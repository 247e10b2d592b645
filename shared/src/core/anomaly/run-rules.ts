import { formatBytes, formatDuration } from '../health/format-duration';
import type { RunRecord } from '../runs/run-record';
import { type BaselineOptions, DEFAULT_BASELINE_OPTIONS, deviation, seasonalBaseline } from './robust-baseline';
import { quantile } from './robust-statistics';
import { failuresInHourBefore, type RunResources } from './run-features';
import type { DetectorResult, Finding } from './verdict-types';

export interface RuleOptions extends BaselineOptions {
  /** Modified z-score beyond which a duration or a volume is unusual (Iglewicz and Hoaglin suggest 3.5). */
  zThreshold: number;
  /** ...and the value must also differ by this factor from the median, so a tight baseline does not flag trivia. */
  minRatio: number;
  /** Retries at or above this in one run are a burst when the history rarely retried. */
  retryBurst: number;
  /** Failed runs in one hour at or above this are a spike when the history fails less often. */
  failureSpike: number;
  /** CPU / memory utilization (%) at or above this is high. */
  highUtilization: number;
}

export const DEFAULT_RULE_OPTIONS: RuleOptions = { ...DEFAULT_BASELINE_OPTIONS, zThreshold: 3.5, minRatio: 1.5, retryBurst: 3, failureSpike: 3, highUtilization: 90 };

export interface RuleOutcome {
  result: DetectorResult;
  findings: Finding[];
}

/** A modified z of `threshold` scores 0.5 and twice that scores 1: scores compare across detectors. */
function zScoreOf(modifiedZ: number, threshold: number): number {
  return Math.min(1, Math.abs(modifiedZ) / (2 * threshold));
}

const round1 = (value: number): string => (Math.round(value * 10) / 10).toFixed(1);

function formatCount(value: number): string {
  if (value >= 1_000_000) return `${round1(value / 1_000_000)}M`;
  if (value >= 10_000) return `${round1(value / 1000)}k`;
  return String(Math.round(value));
}

/** Duration against its seasonal baseline: slower by more than zThreshold and minRatio is a latency spike. */
export function durationRule(run: RunRecord, history: readonly RunRecord[], options: RuleOptions): RuleOutcome {
  if (run.durationMs === null) return { result: { score: 0, fired: false, skipped: 'the run has no duration' }, findings: [] };
  const baseline = seasonalBaseline(run, history.filter((r) => r.status === 'succeeded'), (r) => r.durationMs, options);
  if (baseline === null) return { result: { score: 0, fired: false, skipped: `fewer than ${options.minSamples} earlier successful runs with a duration` }, findings: [] };
  const { mads, modifiedZ } = deviation(run.durationMs, baseline);
  const described = `median ${formatDuration(baseline.median)} over ${baseline.description}`;
  const fired = modifiedZ >= options.zThreshold && run.durationMs >= baseline.median * options.minRatio;
  const score = modifiedZ > 0 ? zScoreOf(modifiedZ, options.zThreshold) : 0;
  const result: DetectorResult = { score, fired, baseline: described };
  if (!fired) return { result, findings: [] };
  return {
    result,
    findings: [{ kind: 'latency_spike', detector: 'duration_zscore', score, reason: `duration ${formatDuration(run.durationMs)} vs ${described}, ${round1(mads)} MADs` }],
  };
}

/** Rows (else bytes) against the seasonal baseline of successful runs: far fewer is a throughput drop. */
export function volumeRule(run: RunRecord, history: readonly RunRecord[], options: RuleOptions): RuleOutcome {
  const measures = [
    { name: 'output rows', of: (r: RunRecord) => r.outputRows, format: formatCount },
    { name: 'bytes processed', of: (r: RunRecord) => r.bytesProcessed, format: formatBytes },
    { name: 'bytes loaded', of: (r: RunRecord) => r.outputBytes, format: formatBytes },
  ];
  const measure = measures.find((candidate) => candidate.of(run) !== null);
  if (measure === undefined) return { result: { score: 0, fired: false, skipped: 'the run logged no rows or bytes' }, findings: [] };
  const value = measure.of(run) as number;
  const baseline = seasonalBaseline(run, history.filter((r) => r.status === 'succeeded'), measure.of, options);
  if (baseline === null) return { result: { score: 0, fired: false, skipped: `fewer than ${options.minSamples} earlier successful runs with ${measure.name}` }, findings: [] };
  const { mads, modifiedZ } = deviation(value, baseline);
  const described = `median ${measure.format(baseline.median)} over ${baseline.description}`;
  const fired = modifiedZ <= -options.zThreshold && value * options.minRatio <= baseline.median;
  const score = modifiedZ < 0 ? zScoreOf(modifiedZ, options.zThreshold) : 0;
  const result: DetectorResult = { score, fired, baseline: described };
  if (!fired) return { result, findings: [] };
  return {
    result,
    findings: [{ kind: 'throughput_drop', detector: 'volume_zscore', score, reason: `${measure.name} ${measure.format(value)} vs ${described}, ${round1(Math.abs(mads))} MADs below` }],
  };
}

/** Retries in the run against what the pipeline's runs usually needed. */
export function retryBurstRule(run: RunRecord, history: readonly RunRecord[], options: RuleOptions): RuleOutcome {
  const usual = history.length === 0 ? 0 : quantile(history.map((r) => r.retries), 0.95);
  const baseline = `95th percentile ${Math.round(usual * 10) / 10} retries over the last ${history.length} runs`;
  const fired = run.retries >= options.retryBurst && run.retries > usual + 1;
  const score = fired ? Math.min(1, 0.5 + (run.retries - Math.max(usual, options.retryBurst - 1)) / (2 * options.retryBurst)) : 0;
  const result: DetectorResult = { score, fired, baseline };
  if (!fired) return { result, findings: [] };
  return { result, findings: [{ kind: 'retry_burst', detector: 'retry_burst', score, reason: `${run.retries} retries in one run vs ${baseline}` }] };
}

/** Failed runs in the hour up to this run's end against the pipeline's usual hourly failure rate. */
export function failureSpikeRule(run: RunRecord, history: readonly RunRecord[], options: RuleOptions): RuleOutcome {
  if (run.endedAt === null) return { result: { score: 0, fired: false, skipped: 'the run has not ended' }, findings: [] };
  const lastHour = failuresInHourBefore(history, run.endedAt) + (run.status === 'failed' ? 1 : 0);
  const ends = history.flatMap((r) => (r.endedAt === null ? [] : [Date.parse(r.endedAt)]));
  const spanHours = ends.length === 0 ? 0 : Math.max(1, (Date.parse(run.endedAt) - Math.min(...ends)) / 3_600_000);
  const usualPerHour = spanHours === 0 ? 0 : history.filter((r) => r.status === 'failed').length / spanHours;
  const baseline = `${round1(usualPerHour)} failed runs/hour over the last ${history.length} runs`;
  const fired = lastHour >= options.failureSpike && lastHour > 3 * usualPerHour;
  const score = fired ? Math.min(1, 0.5 + (lastHour - options.failureSpike) / (2 * options.failureSpike)) : 0;
  const result: DetectorResult = { score, fired, baseline };
  if (!fired) return { result, findings: [] };
  return { result, findings: [{ kind: 'failure_spike', detector: 'failure_spike', score, reason: `${lastHour} failed runs in the last hour vs ${baseline}` }] };
}

/** A failure signature this pipeline's history never showed. */
export function newSignatureRule(run: RunRecord, history: readonly RunRecord[], options: RuleOptions): RuleOutcome {
  if (history.length < options.minSamples) return { result: { score: 0, fired: false, skipped: `fewer than ${options.minSamples} earlier runs to know the pipeline's signatures` }, findings: [] };
  const known = new Set(history.flatMap((r) => r.errorSignatures));
  const fresh = run.errorSignatures.filter((signature) => !known.has(signature));
  const baseline = `${known.size} distinct signatures in the last ${history.length} runs`;
  if (fresh.length === 0) return { result: { score: 0, fired: false, baseline }, findings: [] };
  return {
    result: { score: 0.7, fired: true, baseline },
    findings: fresh.map((signature) => ({ kind: 'new_signature', detector: 'new_signature', score: 0.7, reason: `failure signature "${signature}" never seen for this pipeline (${baseline})` })),
  };
}

/** CPU and memory during the run, when Cloud Monitoring reported them. */
export function utilizationRule(resources: RunResources | null, options: RuleOptions): RuleOutcome {
  if (resources === null || (resources.cpuPercent === null && resources.memoryPercent === null)) {
    return { result: { score: 0, fired: false, skipped: 'no CPU or memory series for the pipeline in pipeline_metrics' }, findings: [] };
  }
  const findings: Finding[] = [];
  const score = (value: number) => Math.min(1, 0.5 + (value - options.highUtilization) / (2 * (100 - options.highUtilization)));
  if (resources.cpuPercent !== null && resources.cpuPercent >= options.highUtilization) {
    findings.push({ kind: 'high_cpu', detector: 'utilization', score: score(resources.cpuPercent), reason: `CPU ${round1(resources.cpuPercent)}% during the run (threshold ${options.highUtilization}%)` });
  }
  if (resources.memoryPercent !== null && resources.memoryPercent >= options.highUtilization) {
    findings.push({ kind: 'high_memory', detector: 'utilization', score: score(resources.memoryPercent), reason: `memory ${round1(resources.memoryPercent)}% during the run (threshold ${options.highUtilization}%)` });
  }
  return { result: { score: Math.max(0, ...findings.map((f) => f.score)), fired: findings.length > 0, baseline: `threshold ${options.highUtilization}%` }, findings };
}
