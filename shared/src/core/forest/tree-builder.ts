import type { RandomSource } from '../ports/random';
import { randomInt } from './seeded-random';
import type { SparseMatrix } from './sparse-matrix';
import { bestThreshold, createSplitScratch, type FeatureSplit, type NodeTotals, type SplitScratch } from './split-search';
import type { TreeArrays } from './tree';

export interface TreeGrowthOptions {
  maxDepth: number;
  minSamplesLeaf: number;
  minSamplesSplit: number;
  /** Features examined per split, from the number of features non-zero in the node. */
  featuresPerSplit: (activeFeatures: number) => number;
}

/** Smallest gain that counts as a split; below it the difference is floating-point noise. */
const MIN_GAIN = 1e-12;

/**
 * Grows CART trees on a sparse matrix. Scratch buffers are sized once and reused by every node and
 * every tree: a node gathers the non-zeros of its rows bucketed by feature (a counting sort, O(nnz of
 * the node)), draws features to try from the ones that are non-zero there, and partitions its rows in place.
 */
export class TreeBuilder {
  private readonly featureCount: Int32Array;
  private readonly featureStart: Int32Array;
  private readonly active: Int32Array;
  private readonly bucketRows: Int32Array;
  private readonly bucketValues: Float64Array;
  private readonly split: SplitScratch;
  private readonly candidate: FeatureSplit = { score: -Infinity, threshold: 0 };
  private readonly nClasses: number;

  private samples: Int32Array = new Int32Array(0);
  private sampleWeight: Float64Array = new Float64Array(0);
  private random: RandomSource = () => 0;
  private out: TreeArrays = emptyArrays();

  constructor(
    private readonly x: SparseMatrix,
    private readonly y: Int32Array,
    nClasses: number,
    private readonly options: TreeGrowthOptions,
  ) {
    this.nClasses = nClasses;
    this.featureCount = new Int32Array(x.cols);
    this.featureStart = new Int32Array(x.cols);
    this.active = new Int32Array(x.cols);
    this.bucketRows = new Int32Array(x.indices.length);
    this.bucketValues = new Float64Array(x.indices.length);
    this.split = createSplitScratch(nClasses, 64);
  }

  /**
   * One tree over the rows with positive weight (a bootstrap sample gives duplicates as weight).
   * `sampleWeight` is indexed by row of the full matrix.
   */
  grow(sampleWeight: Float64Array, random: RandomSource): TreeArrays {
    let n = 0;
    for (let r = 0; r < this.x.rows; r += 1) if ((sampleWeight[r] as number) > 0) n += 1;
    this.samples = new Int32Array(n);
    n = 0;
    for (let r = 0; r < this.x.rows; r += 1) if ((sampleWeight[r] as number) > 0) this.samples[n++] = r;
    this.sampleWeight = sampleWeight;
    this.random = random;
    this.out = emptyArrays();
    if (n > 0) this.node(0, n, 0);
    else this.leaf(new Float64Array(this.nClasses), 0);
    return this.out;
  }

  private node(start: number, end: number, depth: number): void {
    const totals = new Float64Array(this.nClasses);
    let weight = 0;
    for (let i = start; i < end; i += 1) {
      const row = this.samples[i] as number;
      const w = this.sampleWeight[row] as number;
      const c = this.y[row] as number;
      totals[c] = (totals[c] as number) + w;
      weight += w;
    }
    let sumSquares = 0;
    let classesPresent = 0;
    for (let c = 0; c < this.nClasses; c += 1) {
      const t = totals[c] as number;
      sumSquares += t * t;
      if (t > 0) classesPresent += 1;
    }
    const count = end - start;
    const { maxDepth, minSamplesLeaf, minSamplesSplit } = this.options;
    if (classesPresent <= 1 || depth >= maxDepth || count < minSamplesSplit || count < 2 * minSamplesLeaf) {
      this.leaf(totals, weight);
      return;
    }

    const stats: NodeTotals = { totals, weight, count, sumSquares };
    const found = this.findSplit(start, end, stats);
    if (found === null) {
      this.leaf(totals, weight);
      return;
    }
    const { feature, threshold } = found;

    const self = this.out.feature.length;
    this.out.feature.push(feature);
    this.out.threshold.push(threshold);
    this.out.right.push(0);
    this.out.weight.push(weight);

    const middle = this.partition(start, end, feature, threshold);
    this.node(start, middle, depth + 1);
    this.out.right[self] = this.out.feature.length;
    this.node(middle, end, depth + 1);
  }

  private leaf(totals: Float64Array, weight: number): void {
    this.out.feature.push(-1);
    this.out.threshold.push(0);
    this.out.right.push(0);
    this.out.weight.push(weight);
    for (let c = 0; c < this.nClasses; c += 1) this.out.leafValues.push(weight > 0 ? (totals[c] as number) / weight : 0);
  }

  private findSplit(start: number, end: number, stats: NodeTotals): { feature: number; threshold: number } | null {
    const activeCount = this.bucketByFeature(start, end);
    if (activeCount === 0) return null;

    const wanted = Math.min(activeCount, Math.max(1, this.options.featuresPerSplit(activeCount)));
    const parentScore = stats.sumSquares / stats.weight;
    let bestScore = parentScore + MIN_GAIN * stats.weight;
    let bestFeature = -1;
    let bestThresholdValue = 0;
    let splittable = false;
    // Partial Fisher-Yates over the active list: each draw is a fresh feature for this split only.
    let remaining = activeCount;
    let visited = 0;
    while (remaining > 0 && (visited < wanted || !splittable)) {
      const pick = randomInt(this.random, remaining);
      const feature = this.active[pick] as number;
      this.active[pick] = this.active[remaining - 1] as number;
      this.active[remaining - 1] = feature;
      remaining -= 1;
      visited += 1;

      bestThreshold(
        this.bucketRows,
        this.bucketValues,
        this.featureStart[feature] as number,
        this.featureCount[feature] as number,
        stats,
        this.y,
        this.sampleWeight,
        this.options.minSamplesLeaf,
        this.split,
        this.candidate,
      );
      if (this.candidate.score === -Infinity) continue;
      splittable = true;
      if (this.candidate.score > bestScore) {
        bestScore = this.candidate.score;
        bestFeature = feature;
        bestThresholdValue = this.candidate.threshold;
      }
    }
    for (let i = 0; i < activeCount; i += 1) this.featureCount[this.active[i] as number] = 0;
    return bestFeature < 0 ? null : { feature: bestFeature, threshold: bestThresholdValue };
  }

  /** Counting sort of the node's non-zeros by feature into the bucket arrays; returns how many features are active. */
  private bucketByFeature(start: number, end: number): number {
    const { indptr, indices, values } = this.x;
    const count = this.featureCount;
    let activeCount = 0;
    for (let i = start; i < end; i += 1) {
      const row = this.samples[i] as number;
      for (let p = indptr[row] as number, to = indptr[row + 1] as number; p < to; p += 1) {
        const feature = indices[p] as number;
        if (count[feature] === 0) this.active[activeCount++] = feature;
        count[feature] = (count[feature] as number) + 1;
      }
    }
    let offset = 0;
    for (let a = 0; a < activeCount; a += 1) {
      const feature = this.active[a] as number;
      this.featureStart[feature] = offset;
      offset += count[feature] as number;
    }
    // featureStart doubles as the fill cursor, then is rewound by the count.
    for (let i = start; i < end; i += 1) {
      const row = this.samples[i] as number;
      for (let p = indptr[row] as number, to = indptr[row + 1] as number; p < to; p += 1) {
        const feature = indices[p] as number;
        const at = this.featureStart[feature] as number;
        this.bucketRows[at] = row;
        this.bucketValues[at] = values[p] as number;
        this.featureStart[feature] = at + 1;
      }
    }
    for (let a = 0; a < activeCount; a += 1) {
      const feature = this.active[a] as number;
      this.featureStart[feature] = (this.featureStart[feature] as number) - (count[feature] as number);
    }
    return activeCount;
  }

  /** Rows with x[feature] <= threshold move to the front; returns where the right child starts. */
  private partition(start: number, end: number, feature: number, threshold: number): number {
    const { indptr, indices, values } = this.x;
    let middle = start;
    for (let i = start; i < end; i += 1) {
      const row = this.samples[i] as number;
      if (lookup(indices, values, indptr[row] as number, indptr[row + 1] as number, feature) <= threshold) {
        this.samples[i] = this.samples[middle] as number;
        this.samples[middle] = row;
        middle += 1;
      }
    }
    return middle;
  }
}

function lookup(indices: Int32Array, values: Float64Array, from: number, to: number, feature: number): number {
  let lo = from;
  let hi = to - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = indices[mid] as number;
    if (at === feature) return values[mid] as number;
    if (at < feature) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

function emptyArrays(): TreeArrays {
  return { feature: [], threshold: [], right: [], weight: [], leafValues: [] };
}
