import type { IsolationForestModel } from './model';
import { writeImputedRow, type FeatureRow } from './rows';

/**
 * s(x) = 2^(−E[h(x)] / c(psi)) in [0, 1]: near 1 the trees isolate x much faster than an average point
 * (anomalous), around 0.5 or below it is ordinary. Equals −score_samples of scikit-learn's IsolationForest.
 * Missing (NaN) values are scored as the training median.
 */
export function isolationScore(model: IsolationForestModel, row: FeatureRow): number {
  const buffer = new Float64Array(model.features);
  writeImputedRow(row, 0, model.medians, buffer, 0);
  return scoreFromPathLength(model, meanPathLength(model, buffer, 0));
}

export function isolationScores(model: IsolationForestModel, rows: readonly FeatureRow[]): Float64Array {
  const buffer = new Float64Array(model.features);
  const scores = new Float64Array(rows.length);
  for (let r = 0; r < rows.length; r += 1) {
    writeImputedRow(rows[r] as FeatureRow, r, model.medians, buffer, 0);
    scores[r] = scoreFromPathLength(model, meanPathLength(model, buffer, 0));
  }
  return scores;
}

/** E[h(x)] over the trees for the imputed row at `offset` in `values`. */
export function meanPathLength(model: IsolationForestModel, values: Float64Array, offset: number): number {
  const { roots, feature, threshold, right, leafPathLength } = model;
  let total = 0;
  for (let t = 0; t < roots.length; t += 1) {
    let node = roots[t] as number;
    let split = feature[node] as number;
    while (split >= 0) {
      node = (values[offset + split] as number) <= (threshold[node] as number) ? node + 1 : (right[node] as number);
      split = feature[node] as number;
    }
    total += leafPathLength[node] as number;
  }
  return total / roots.length;
}

/** With a single training row c(psi) is 0 and nothing can be told apart: every point scores 0.5. */
function scoreFromPathLength(model: IsolationForestModel, pathLength: number): number {
  return model.normaliser > 0 ? Math.pow(2, -pathLength / model.normaliser) : 0.5;
}
