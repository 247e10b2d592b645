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
 * every tree. A node makes one pass over its rows' non-zeros to learn which features are active there
 * (stamped with the node's serial, so nothing needs resetting), draws the features to try from those,
 * and a second pass copies out only the drawn features' non-zeros, grouped by feature. Rows are
 * partitioned in place, so a node is a range of `samples`.
 */
export class TreeBuilder {
  private readonly featureCount: Int32Array;
  private readonly featureStamp: Int32Array;
  /** Bucket start of a drawn feature; valid while featureDrawn[f] equals the current draw serial. */
  private readonly featureStart: Int32Array;
  private readonly featureDrawn: Int32Array;
  private readonly active: Int32Array;
  private readonly bucketRows: Int32Array;
  private readonly bucketValues: Float64Array;
  /** Per row during a partition: 0 (a zero in the split feature), LEFT or RIGHT. */
  private readonly rowSide: Uint8Array;
  private readonly split: SplitScratch;
  private readonly candidate: FeatureSplit = { score: -Infinity, threshold: 0 };
  private readonly nClasses: number;
  private nodeSerial = 0;
  private drawSerial = 0;

  private samples: Int32Array = new Int32Array(0);
  private sampleWeight: Float64Array = new Float64Array(0);
  private sampleCount: Int32Array = new Int32Array(0);
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
    this.featureStamp = new Int32Array(x.cols);
    this.featureStart = new Int32Array(x.cols);
    this.featureDrawn = new Int32Array(x.cols);
    this.active = new Int32Array(x.cols);
    this.bucketRows = new Int32Array(x.indices.length);
    this.bucketValues = new Float64Array(x.indices.length);
    this.rowSide = new Uint8Array(x.rows);
    this.split = createSplitScratch(nClasses, 64);
  }

  /**
   * One tree over the rows with positive weight. Both arrays are indexed by matrix row: `sampleWeight`
   * is the row's training weight (bootstrap draws × class weight), `sampleCount` how many distinct
   * training rows it stands for (it may represent a group of identical ones).
   */
  grow(sampleWeight: Float64Array, sampleCount: Int32Array, random: RandomSource): TreeArrays {
    let n = 0;
    for (let r = 0; r < this.x.rows; r += 1) if ((sampleWeight[r] as number) > 0) n += 1;
    this.samples = new Int32Array(n);
    n = 0;
    for (let r = 0; r < this.x.rows; r += 1) if ((sampleWeight[r] as number) > 0) this.samples[n++] = r;
    this.sampleWeight = sampleWeight;
    this.sampleCount = sampleCount;
    this.random = random;
    this.out = emptyArrays();
    if (n === 0) {
      this.leaf(new Float64Array(this.nClasses), 0);
      return this.out;
    }
    // Explicit stack instead of recursion: a chain of one-row peels can be thousands deep. Entries are
    // (start, end, depth, parent whose right pointer this node is, or -1); the right child is pushed
    // first so the left subtree is finished before it, which is the preorder the arrays need.
    const pending: number[] = [0, n, 0, -1];
    while (pending.length > 0) {
      const parent = pending.pop() as number;
      const depth = pending.pop() as number;
      const end = pending.pop() as number;
      const start = pending.pop() as number;
      const self = this.out.feature.length;
      if (parent >= 0) this.out.right[parent] = self;
      const middle = this.node(start, end, depth);
      if (middle < 0) continue;
      pending.push(middle, end, depth + 1, self);
      pending.push(start, middle, depth + 1, -1);
    }
    return this.out;
  }

  /** Emits the node at [start, end); returns where its right child's rows start, or -1 for a leaf. */
  private node(start: number, end: number, depth: number): number {
    const totals = new Float64Array(this.nClasses);
    let weight = 0;
    let count = 0;
    for (let i = start; i < end; i += 1) {
      const row = this.samples[i] as number;
      const w = this.sampleWeight[row] as number;
      const c = this.y[row] as number;
      totals[c] = (totals[c] as number) + w;
      weight += w;
      count += this.sampleCount[row] as number;
    }
    let sumSquares = 0;
    let classesPresent = 0;
    for (let c = 0; c < this.nClasses; c += 1) {
      const t = totals[c] as number;
      sumSquares += t * t;
      if (t > 0) classesPresent += 1;
    }
    const { maxDepth, minSamplesLeaf, minSamplesSplit } = this.options;
    if (classesPresent <= 1 || depth >= maxDepth || count < minSamplesSplit || count < 2 * minSamplesLeaf) {
      this.leaf(totals, weight);
      return -1;
    }

    const stats: NodeTotals = { totals, weight, count, sumSquares };
    const found = this.findSplit(start, end, stats);
    if (found === null) {
      this.leaf(totals, weight);
      return -1;
    }
    const { feature, threshold } = found;
    this.out.feature.push(feature);
    this.out.threshold.push(threshold);
    this.out.right.push(0);
    this.out.weight.push(weight);
    return this.partition(start, end, feature, threshold);
  }

  private leaf(totals: Float64Array, weight: number): void {
    this.out.feature.push(-1);
    this.out.threshold.push(0);
    this.out.right.push(0);
    this.out.weight.push(weight);
    for (let c = 0; c < this.nClasses; c += 1) this.out.leafValues.push(weight > 0 ? (totals[c] as number) / weight : 0);
  }

  private findSplit(start: number, end: number, stats: NodeTotals): { feature: number; threshold: number } | null {
    const activeCount = this.countActive(start, end);
    if (activeCount === 0) return null;

    const wanted = Math.min(activeCount, Math.max(1, this.options.featuresPerSplit(activeCount)));
    const parentScore = stats.sumSquares / stats.weight;
    let bestScore = parentScore + MIN_GAIN * stats.weight;
    let bestFeature = -1;
    let bestThresholdValue = 0;
    let splittable = false;
    // Partial Fisher-Yates over the active list: each draw is a fresh feature for this split only.
    // The drawn ones sit at the end of the list. If none of a batch can split the node (constant in
    // it), another batch is drawn, so a split is missed only when no active feature can make one.
    let remaining = activeCount;
    while (remaining > 0 && !splittable) {
      const batchEnd = remaining;
      for (let drawn = 0; drawn < wanted && remaining > 0; drawn += 1) {
        const pick = randomInt(this.random, remaining);
        const feature = this.active[pick] as number;
        this.active[pick] = this.active[remaining - 1] as number;
        this.active[remaining - 1] = feature;
        remaining -= 1;
      }
      this.gatherDrawn(start, end, remaining, batchEnd);
      for (let a = batchEnd - 1; a >= remaining; a -= 1) {
        const feature = this.active[a] as number;
        bestThreshold(
          this.bucketRows,
          this.bucketValues,
          this.featureStart[feature] as number,
          this.featureCount[feature] as number,
          stats,
          this.y,
          this.sampleWeight,
          this.sampleCount,
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
    }
    return bestFeature < 0 ? null : { feature: bestFeature, threshold: bestThresholdValue };
  }

  /** Lists the features non-zero in the node's rows into `active` with their counts; returns how many. */
  private countActive(start: number, end: number): number {
    const { indptr, indices } = this.x;
    const count = this.featureCount;
    const stamp = this.featureStamp;
    const serial = (this.nodeSerial += 1);
    let activeCount = 0;
    for (let i = start; i < end; i += 1) {
      const row = this.samples[i] as number;
      for (let p = indptr[row] as number, to = indptr[row + 1] as number; p < to; p += 1) {
        const feature = indices[p] as number;
        if (stamp[feature] !== serial) {
          stamp[feature] = serial;
          count[feature] = 1;
          this.active[activeCount++] = feature;
        } else count[feature] = (count[feature] as number) + 1;
      }
    }
    return activeCount;
  }

  /** Copies the non-zeros of the features at active[from .. to) into contiguous buckets, one per feature. */
  private gatherDrawn(start: number, end: number, from: number, to: number): void {
    const { indptr, indices, values } = this.x;
    const drawn = this.featureDrawn;
    const cursor = this.featureStart;
    const serial = (this.drawSerial += 1);
    let offset = 0;
    for (let a = from; a < to; a += 1) {
      const feature = this.active[a] as number;
      drawn[feature] = serial;
      cursor[feature] = offset;
      offset += this.featureCount[feature] as number;
    }
    for (let i = start; i < end; i += 1) {
      const row = this.samples[i] as number;
      for (let p = indptr[row] as number, to = indptr[row + 1] as number; p < to; p += 1) {
        const feature = indices[p] as number;
        if (drawn[feature] !== serial) continue;
        const at = cursor[feature] as number;
        this.bucketRows[at] = row;
        this.bucketValues[at] = values[p] as number;
        cursor[feature] = at + 1;
      }
    }
    // The cursors end one bucket further on; rewind them to each bucket's start.
    for (let a = from; a < to; a += 1) {
      const feature = this.active[a] as number;
      cursor[feature] = (cursor[feature] as number) - (this.featureCount[feature] as number);
    }
  }

  /**
   * Rows with x[feature] <= threshold move to the front; returns where the right child starts. The
   * winning feature always comes from the last gathered batch, so its bucket still holds the node's
   * non-zeros and every other row is a zero.
   */
  private partition(start: number, end: number, feature: number, threshold: number): number {
    const side = this.rowSide;
    const from = this.featureStart[feature] as number;
    const to = from + (this.featureCount[feature] as number);
    for (let j = from; j < to; j += 1) side[this.bucketRows[j] as number] = (this.bucketValues[j] as number) <= threshold ? LEFT : RIGHT;
    const zeroSide = 0 <= threshold ? LEFT : RIGHT;
    let middle = start;
    for (let i = start; i < end; i += 1) {
      const row = this.samples[i] as number;
      const marked = side[row] as number;
      side[row] = 0;
      if ((marked === 0 ? zeroSide : marked) === LEFT) {
        this.samples[i] = this.samples[middle] as number;
        this.samples[middle] = row;
        middle += 1;
      }
    }
    return middle;
  }
}

const LEFT = 1;
const RIGHT = 2;

function emptyArrays(): TreeArrays {
  return { feature: [], threshold: [], right: [], weight: [], leafValues: [] };
}
