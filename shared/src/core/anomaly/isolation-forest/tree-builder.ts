import type { RandomSource } from '../../ports/random';
import { randomInt } from '../../forest/seeded-random';

/** scikit-learn's FEATURE_THRESHOLD: a feature spanning no more than this in a node cannot split it. */
const CONSTANT_SPAN = 1e-7;

/** Flat node storage shared by all trees of one forest; sized for the worst case (2·psi − 1 nodes a tree). */
export class NodeBuffer {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly right: Int32Array;
  readonly size: Int32Array;
  count = 0;

  constructor(capacity: number) {
    this.feature = new Int32Array(capacity);
    this.threshold = new Float64Array(capacity);
    this.right = new Int32Array(capacity);
    this.size = new Int32Array(capacity);
  }
}

/**
 * Grows one isolation tree on a subsample held column-major (`sample[f * n + i]`), the way scikit-learn's
 * ExtraTreeRegressor(max_features=1, splitter='random') does inside IsolationForest: at each node pick a
 * feature uniformly among those not constant in the node, split at a uniform threshold in (min, max),
 * values <= threshold go left; stop at one point or at `maxDepth`. Nodes are written in pre-order, so a
 * left child is always node + 1 and only the right child's index is stored.
 */
export class IsolationTreeBuilder {
  private readonly order: Int32Array;
  private readonly candidates: Int32Array;
  /** drawSplit's second result, kept in a field so the hot path allocates nothing. */
  private splitThreshold = 0;

  constructor(
    private readonly sample: Float64Array,
    private readonly n: number,
    private readonly features: number,
    private readonly maxDepth: number,
    private readonly random: RandomSource,
    private readonly nodes: NodeBuffer,
  ) {
    this.order = new Int32Array(n);
    this.candidates = new Int32Array(features);
    for (let f = 0; f < features; f += 1) this.candidates[f] = f;
  }

  /** Builds a tree over the current `sample` contents and returns its root's index. */
  build(): number {
    for (let i = 0; i < this.n; i += 1) this.order[i] = i;
    const root = this.nodes.count;
    this.grow(0, this.n, 0);
    return root;
  }

  private grow(start: number, end: number, depth: number): void {
    const nodes = this.nodes;
    const node = nodes.count++;
    nodes.size[node] = end - start;
    nodes.feature[node] = -1;
    nodes.right[node] = -1;
    nodes.threshold[node] = 0;
    if (end - start <= 1 || depth >= this.maxDepth) return;

    const split = this.drawSplit(start, end);
    if (split < 0) return;
    const feature = this.candidates[split] as number;
    const mid = this.partition(start, end, feature, this.splitThreshold);
    nodes.feature[node] = feature;
    nodes.threshold[node] = this.splitThreshold;
    this.grow(start, mid, depth + 1);
    nodes.right[node] = nodes.count;
    this.grow(mid, end, depth + 1);
  }

  /**
   * Draws features without replacement until one varies in the node; returns its slot in `candidates`
   * (and leaves the threshold in `splitThreshold`), or -1 when every feature is constant here.
   */
  private drawSplit(start: number, end: number): number {
    const { sample, order, candidates, n } = this;
    for (let remaining = this.features; remaining > 0; remaining -= 1) {
      const slot = randomInt(this.random, remaining);
      const feature = candidates[slot] as number;
      candidates[slot] = candidates[remaining - 1] as number;
      candidates[remaining - 1] = feature;
      const column = feature * n;
      let min = Infinity;
      let max = -Infinity;
      for (let i = start; i < end; i += 1) {
        const value = sample[column + (order[i] as number)] as number;
        if (value < min) min = value;
        if (value > max) max = value;
      }
      if (max <= min + CONSTANT_SPAN) continue;
      let threshold = min + this.random() * (max - min);
      // Rounding can land on max, which would send every point left; scikit-learn falls back to min.
      if (threshold >= max) threshold = min;
      this.splitThreshold = threshold;
      return remaining - 1;
    }
    return -1;
  }

  /** In-place partition of order[start, end): values <= threshold first; returns where the right side starts. */
  private partition(start: number, end: number, feature: number, threshold: number): number {
    const { sample, order, n } = this;
    const column = feature * n;
    let i = start;
    let j = end - 1;
    while (i <= j) {
      if ((sample[column + (order[i] as number)] as number) <= threshold) i += 1;
      else {
        const swap = order[i] as number;
        order[i] = order[j] as number;
        order[j] = swap;
        j -= 1;
      }
    }
    return i;
  }
}
