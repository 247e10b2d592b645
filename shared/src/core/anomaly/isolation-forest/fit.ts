import { mulberry32, randomInt } from '../../forest/seeded-random';
import { maxTreeDepth } from './average-path-length';
import { IsolationForestInputError } from './errors';
import { IsolationForestModel } from './model';
import { featureCountOf, trainingMedians, type FeatureRow } from './rows';
import { IsolationTreeBuilder, NodeBuffer } from './tree-builder';

export interface IsolationForestOptions {
  /** Number of trees; scikit-learn's n_estimators. Default 100. */
  trees?: number;
  /** Points drawn (without replacement) for each tree, psi; capped at the number of rows. Default 256. */
  sampleSize?: number;
  /** Seeds the forest's own PRNG: the same rows and seed give the same model, bit for bit. */
  seed: number;
}

export const DEFAULT_TREES = 100;
export const DEFAULT_SAMPLE_SIZE = 256;

/**
 * Liu, Ting & Zhou (2008) Isolation Forest with scikit-learn's defaults: 100 trees, each grown on
 * min(256, n) rows drawn without replacement, to depth ceil(log2 psi). Missing values (NaN) are
 * imputed with the training median (see rows.ts).
 */
export function fitIsolationForest(rows: readonly (readonly number[])[] | Float64Array[], options: IsolationForestOptions): IsolationForestModel {
  const trees = options.trees ?? DEFAULT_TREES;
  if (!Number.isInteger(trees) || trees < 1) throw new IsolationForestInputError(`trees must be a positive integer, got ${trees}`);
  const requestedSample = options.sampleSize ?? DEFAULT_SAMPLE_SIZE;
  if (!Number.isInteger(requestedSample) || requestedSample < 1) {
    throw new IsolationForestInputError(`sampleSize must be a positive integer, got ${requestedSample}`);
  }
  if (!Number.isFinite(options.seed)) throw new IsolationForestInputError(`seed must be a finite number, got ${options.seed}`);

  const data: readonly FeatureRow[] = rows;
  const features = featureCountOf(data);
  const medians = trainingMedians(data, features);
  const n = data.length;
  const sampleSize = Math.min(requestedSample, n);

  const random = mulberry32(options.seed);
  const nodes = new NodeBuffer(trees * (2 * sampleSize - 1));
  const sample = new Float64Array(sampleSize * features);
  const builder = new IsolationTreeBuilder(sample, sampleSize, features, maxTreeDepth(sampleSize), random, nodes);
  // A persistent permutation: after k partial Fisher–Yates steps its first k entries are a uniform
  // k-subset, whatever order earlier trees left it in — O(psi) per tree instead of O(n).
  const permutation = new Int32Array(n);
  for (let i = 0; i < n; i += 1) permutation[i] = i;
  const roots = new Int32Array(trees);

  for (let t = 0; t < trees; t += 1) {
    for (let i = 0; i < sampleSize; i += 1) {
      const j = i + randomInt(random, n - i);
      const row = permutation[j] as number;
      permutation[j] = permutation[i] as number;
      permutation[i] = row;
      const values = data[row] as FeatureRow;
      for (let f = 0; f < features; f += 1) {
        const value = values[f] as number;
        sample[f * sampleSize + i] = value === value ? value : (medians[f] as number);
      }
    }
    roots[t] = builder.build();
  }

  const used = nodes.count;
  return new IsolationForestModel({
    features,
    sampleSize,
    seed: options.seed,
    medians,
    roots,
    feature: nodes.feature.slice(0, used),
    threshold: nodes.threshold.slice(0, used),
    right: nodes.right.slice(0, used),
    size: nodes.size.slice(0, used),
  });
}
