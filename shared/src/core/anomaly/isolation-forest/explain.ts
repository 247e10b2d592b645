import type { IsolationForestModel } from './model';
import { writeImputedRow, type FeatureRow } from './rows';
import { isolationScore } from './score';

export interface FeatureIsolation {
  feature: number;
  name: string;
  /** This feature's part of all the isolation done on the point's paths, 0..1; the shares sum to 1. */
  share: number;
  /** Which side of this feature's splits the point mostly fell on: above ('high') or below ('low') the bulk. */
  direction: 'high' | 'low';
  /** Whether the point had no value for this feature and was scored as the training median. */
  imputed: boolean;
}

export interface IsolationExplanation {
  score: number;
  /** Features that took part in isolating the point, largest share first. */
  features: FeatureIsolation[];
}

/**
 * Which features isolated this point. Each split on the point's path in a tree narrows the training
 * points it shares a node with from n_parent to n_child; the split is credited log2(n_parent / n_child)
 * bits to its feature. Along a path these add up to log2(psi / n_leaf), so the credit is exactly the
 * isolation the tree achieved, divided among the features that achieved it: a cut that peels the point
 * away from almost everything earns many bits, a split it merely passes through with half of its
 * neighbours earns one. The shares are each feature's bits over the total across all trees.
 */
export function explainIsolation(model: IsolationForestModel, row: FeatureRow, featureNames?: readonly string[]): IsolationExplanation {
  const values = new Float64Array(model.features);
  writeImputedRow(row, 0, model.medians, values, 0);
  const high = new Float64Array(model.features);
  const low = new Float64Array(model.features);
  const { roots, feature, threshold, right, size } = model;
  let totalBits = 0;
  for (let t = 0; t < roots.length; t += 1) {
    let node = roots[t] as number;
    let split = feature[node] as number;
    while (split >= 0) {
      const goesRight = (values[split] as number) > (threshold[node] as number);
      const child = goesRight ? (right[node] as number) : node + 1;
      const bits = Math.log2((size[node] as number) / (size[child] as number));
      const side = goesRight ? high : low;
      side[split] = (side[split] as number) + bits;
      totalBits += bits;
      node = child;
      split = feature[node] as number;
    }
  }
  const features: FeatureIsolation[] = [];
  for (let f = 0; f < model.features; f += 1) {
    const bits = (high[f] as number) + (low[f] as number);
    if (bits <= 0) continue;
    features.push({
      feature: f,
      name: featureNames?.[f] ?? `f${f}`,
      share: bits / totalBits,
      direction: (high[f] as number) >= (low[f] as number) ? 'high' : 'low',
      imputed: Number.isNaN(row[f] as number),
    });
  }
  features.sort((a, b) => b.share - a.share || a.feature - b.feature);
  return { score: isolationScore(model, row), features };
}
