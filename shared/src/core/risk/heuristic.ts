import type { OutcomeHistory } from './history/outcome-history';

/** The weighted factors of the seeds' fallback formula; weights sum to 1. */
export const HEURISTIC_WEIGHTS = {
  historicalFailureRate: 0.3,
  recentFailures: 0.25,
  consecutiveFailures: 0.2,
  durationAnomaly: 0.1,
  complexity: 0.1,
  timeSinceSuccess: 0.05,
} as const;
export type HeuristicFactor = keyof typeof HEURISTIC_WEIGHTS;

const DEFAULT_BASE_RATE = 0.02;
/** Pseudo-runs at the base rate that temper a short history's failure share. */
const PRIOR_RUNS = 2;
/** Pseudo-runs behind the default base rate when the overall share comes from only a few runs. */
const OVERALL_PRIOR_RUNS = 50;
const WEEK_HOURS = 168;

export interface HeuristicInput {
  pipeline: OutcomeHistory | undefined;
  /** Histories of the run's context values (e.g. its user); the best-known one sets the base rate. */
  contexts: ReadonlyArray<OutcomeHistory | undefined>;
  /** Everything seen (all pipelines): its recent failure share is the base rate when nothing closer is known. */
  overall: OutcomeHistory;
  features: Record<string, number> | undefined;
  at: number;
}

export interface HeuristicEstimate {
  failureProbability: number;
  baseRate: number;
  /** Each factor's share of the probability above the base rate (they add up to it). */
  factors: Array<{ name: HeuristicFactor; contribution: number }>;
}

function clamp01(value: number): number {
  return value < 0 ? 0 : value > 1 ? 1 : value;
}

function complexity(features: Record<string, number> | undefined): number {
  if (!features) return 0;
  const stages = features.stageCount ?? features.stages ?? 0;
  const critical = features.criticalStages ?? features.criticalStageCount ?? 0;
  return clamp01(0.5 * (stages / 30) + 0.5 * (critical / 5));
}

function baseRate(input: HeuristicInput): number {
  let best: OutcomeHistory | undefined;
  for (const context of input.contexts) if (context && context.outcomes - context.cancellations >= 5 && (!best || context.outcomes > best.outcomes)) best = context;
  if (best) return clamp01((best.failures + DEFAULT_BASE_RATE * PRIOR_RUNS) / (best.outcomes - best.cancellations + PRIOR_RUNS));
  // The week window: one bad day across the fleet should not make every healthy pipeline look risky.
  const failures = input.overall.windows.failuresAt(2, input.at);
  const total = input.overall.windows.totalAt(2, input.at);
  return clamp01((failures + DEFAULT_BASE_RATE * OVERALL_PRIOR_RUNS) / (total + OVERALL_PRIOR_RUNS));
}

/**
 * The fallback when a pipeline has too little history or no model is loaded: the seeds' weighted
 * risk formula over the pipeline's own record, lifted from a base rate (its user's or team's failure
 * share when known, else the overall one): p = base + (1 − base) × Σ weight × factor.
 */
export function heuristicRisk(input: HeuristicInput): HeuristicEstimate {
  const base = baseRate(input);
  const h = input.pipeline;
  const decided = h ? h.outcomes - h.cancellations : 0;
  const values: Record<HeuristicFactor, number> = {
    historicalFailureRate: h && decided > 0 ? (h.failures + base * PRIOR_RUNS) / (decided + PRIOR_RUNS) : 0,
    recentFailures: h ? clamp01(h.failShareOfLast(5) || 0) : 0,
    consecutiveFailures: h ? clamp01(h.consecutiveFailures / 3) : 0,
    durationAnomaly: h && !Number.isNaN(h.smoothedLogDuration) ? clamp01(Math.abs(h.lastLogDuration - h.smoothedLogDuration) / Math.log(4)) : 0,
    complexity: complexity(input.features),
    timeSinceSuccess: !h || decided === 0 ? 0 : Number.isNaN(h.lastSuccessAt) ? 1 : clamp01((input.at - h.lastSuccessAt) / 3_600_000 / WEEK_HOURS),
  };
  const factors = (Object.keys(HEURISTIC_WEIGHTS) as HeuristicFactor[]).map((name) => ({
    name,
    contribution: (1 - base) * HEURISTIC_WEIGHTS[name] * values[name],
  }));
  const failureProbability = clamp01(base + factors.reduce((sum, factor) => sum + factor.contribution, 0));
  return { failureProbability, baseRate: base, factors };
}
