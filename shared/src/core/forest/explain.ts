import { argmax, type Forest } from './forest';
import type { SparseRow } from './sparse-matrix';

export interface FeatureContribution {
  feature: number;
  /** Change in the class probability attributed to this feature, averaged over trees. */
  contribution: number;
}

export interface ForestExplanation {
  classIndex: number;
  /** The class probability at the roots (the training prior, after class weights), averaged over trees. */
  bias: number;
  /** bias + Σ contributions: equals predictProba(x)[classIndex]. */
  probability: number;
  /** Every feature on x's decision paths with a non-zero contribution, largest first. */
  contributions: FeatureContribution[];
}

/**
 * Saabas-style attribution: walking x's path, each split moves the class probability from the node's
 * distribution to the child's, and that change is credited to the split feature. Exact by construction
 * (the contributions add up to the prediction), and it also credits a term's absence when the path
 * went the "zero" way, which is how "no 'timeout' in the message" shows up.
 */
export function explainPrediction(forest: Forest, x: SparseRow, classIndex = argmax(forest.predictProba(x))): ForestExplanation {
  if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex >= forest.nClasses) throw new RangeError(`class ${classIndex} is outside [0, ${forest.nClasses})`);
  const c = forest.nClasses;
  const totals = new Map<number, number>();
  let bias = 0;
  let probability = 0;
  for (const tree of forest.trees) {
    const values = tree.nodeValues;
    bias += values[classIndex] as number;
    const leaf = tree.walk(x, (node, child) => {
      const delta = (values[child * c + classIndex] as number) - (values[node * c + classIndex] as number);
      const feature = tree.feature[node] as number;
      totals.set(feature, (totals.get(feature) ?? 0) + delta);
    });
    probability += values[leaf * c + classIndex] as number;
  }
  const n = forest.trees.length;
  const contributions: FeatureContribution[] = [];
  for (const [feature, total] of totals) if (total !== 0) contributions.push({ feature, contribution: total / n });
  contributions.sort((a, b) => b.contribution - a.contribution || a.feature - b.feature);
  return { classIndex, bias: bias / n, probability: probability / n, contributions };
}

export interface NamedContribution {
  term: string;
  weight: number;
}

/**
 * The features that pushed toward the class, named, strongest first: what a UI shows as "top
 * contributing terms". Only features present in x count, since "absent term" is rarely useful to a
 * reader; `featureName` maps an index to a vocabulary term or a structured feature's name.
 */
export function topContributingTerms(explanation: ForestExplanation, x: SparseRow, featureName: (feature: number) => string, k = 5): NamedContribution[] {
  const present = new Set<number>();
  for (let i = 0; i < x.indices.length; i += 1) if ((x.values[i] as number) !== 0) present.add(x.indices[i] as number);
  const named: NamedContribution[] = [];
  for (const { feature, contribution } of explanation.contributions) {
    if (named.length >= k || contribution <= 0) break;
    if (present.has(feature)) named.push({ term: featureName(feature), weight: contribution });
  }
  return named;
}
