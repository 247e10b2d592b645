import type { RandomSource } from '../../ports/random';
import { trainGbdt, type GbdtOptions } from '../gbdt/train-gbdt';
import { rocAuc } from '../metrics';
import { fitPlatt, IDENTITY_SCALING, type PlattScaling } from './platt';
import type { RiskEvaluation } from './risk-artifact';
import { RiskModel } from './risk-model';

/** Training examples in the order their runs ended; each vector is the run's features at its start. */
export interface RiskExamples {
  vectors: Float32Array[];
  labels: Uint8Array;
  weights: Float32Array;
  startedAt: Float64Array;
  count: number;
}

export interface RiskTrainingOptions {
  gbdt: GbdtOptions;
  /** Share of the latest examples held out to fit and measure calibration. */
  calibrationTail: number;
}

export interface TrainedRisk {
  model: RiskModel;
  calibration: PlattScaling;
  heldOutTail: RiskEvaluation;
  trainingExamples: number;
  trainingFailures: number;
  /** Start times (epoch ms) of the earliest and latest run learned from, tail included; NaN when empty. */
  window: { from: number; to: number };
}

function pack(examples: RiskExamples, from: number, to: number, cols: number): { x: Float32Array; y: Uint8Array; w: Float32Array } {
  const rows = to - from;
  const x = new Float32Array(rows * cols).fill(Number.NaN);
  for (let r = 0; r < rows; r += 1) {
    const vector = examples.vectors[from + r] as Float32Array;
    x.set(vector.length > cols ? vector.subarray(0, cols) : vector, r * cols);
  }
  return { x, y: examples.labels.slice(from, to), w: examples.weights.slice(from, to) };
}

/**
 * Trees on the earlier part of the window, Platt scaling fitted on the later part (a split in time,
 * never shuffled: a model is always judged on runs after the ones it learned from), and the held-out
 * tail's ROC-AUC and Brier recorded with it.
 */
export function trainRiskModel(
  examples: RiskExamples,
  featureNames: readonly string[],
  options: RiskTrainingOptions,
  random: RandomSource,
  version: string,
): TrainedRisk {
  const cols = featureNames.length;
  const tailStart = Math.max(1, Math.min(examples.count - 1, Math.floor(examples.count * (1 - options.calibrationTail))));
  const head = pack(examples, 0, tailStart, cols);
  const gbdt = trainGbdt({ x: head.x, rows: tailStart, cols, y: head.y, weight: head.w }, options.gbdt, random);
  const tail = pack(examples, tailStart, examples.count, cols);
  const tailRows = examples.count - tailStart;
  const margins = new Float64Array(tailRows);
  for (let r = 0; r < tailRows; r += 1) margins[r] = gbdt.margin(tail.x.subarray(r * cols, (r + 1) * cols));
  const calibration = tailRows > 0 ? fitPlatt(margins, tail.y, tail.w) : IDENTITY_SCALING;
  const model = new RiskModel(version, gbdt, calibration, featureNames);
  let trainingFailures = 0;
  let failureWeight = 0;
  let totalWeight = 0;
  for (let r = 0; r < tailStart; r += 1) {
    trainingFailures += head.y[r] as number;
    failureWeight += (head.y[r] as number) * (head.w[r] as number);
    totalWeight += head.w[r] as number;
  }
  const baseRate = totalWeight > 0 ? failureWeight / totalWeight : 0;
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < examples.count; i += 1) {
    from = Math.min(from, examples.startedAt[i] as number);
    to = Math.max(to, examples.startedAt[i] as number);
  }
  return {
    model,
    calibration,
    heldOutTail: evaluateTail(model, tail, cols, tailRows, baseRate),
    trainingExamples: tailStart,
    trainingFailures,
    window: examples.count > 0 ? { from, to } : { from: Number.NaN, to: Number.NaN },
  };
}

/** Brier is weighted by the examples' weights so subsampled successes count as the runs they stand for. */
function evaluateTail(model: RiskModel, tail: { x: Float32Array; y: Uint8Array; w: Float32Array }, cols: number, rows: number, base: number): RiskEvaluation {
  const probabilities = new Float64Array(rows);
  let failures = 0;
  let weighted = 0;
  let weightedBrier = 0;
  let baseBrier = 0;
  for (let r = 0; r < rows; r += 1) {
    const p = model.probability(tail.x.subarray(r * cols, (r + 1) * cols));
    probabilities[r] = p;
    const y = tail.y[r] as number;
    const w = tail.w[r] as number;
    failures += y;
    weighted += w;
    weightedBrier += w * (p - y) * (p - y);
    baseBrier += w * (base - y) * (base - y);
  }
  return {
    examples: rows,
    failures,
    rocAuc: round(rocAuc(probabilities, tail.y)),
    brier: round(weighted > 0 ? weightedBrier / weighted : Number.NaN),
    baseRateBrier: round(weighted > 0 ? baseBrier / weighted : Number.NaN),
  };
}

function round(value: number): number {
  return Number.isFinite(value) ? Math.round(value * 1e6) / 1e6 : value;
}
