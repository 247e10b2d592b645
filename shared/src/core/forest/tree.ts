import type { SparseRow } from './sparse-matrix';

/**
 * A tree as flat arrays in preorder: a split node's left child is the next node, `right` points at
 * the right child. Leaves have feature -1 and, in order of appearance, one class distribution each in
 * `leafValues`. `weight` is the node's training weight, enough to rebuild every inner node's class
 * distribution (for explanations) from the leaves instead of storing it.
 */
export interface TreeArrays {
  feature: number[];
  threshold: number[];
  right: number[];
  weight: number[];
  leafValues: number[];
}

export class Tree {
  /** Class distribution of every node (leaves as trained, inner nodes as the weighted mean of their children). */
  readonly nodeValues: Float64Array;

  private constructor(
    readonly nClasses: number,
    readonly feature: Int32Array,
    readonly threshold: Float64Array,
    readonly right: Int32Array,
    readonly weight: Float64Array,
  ) {
    this.nodeValues = new Float64Array(feature.length * nClasses);
  }

  static fromArrays(arrays: TreeArrays, nClasses: number, nFeatures: number): Tree {
    const size = arrays.feature.length;
    if (size === 0) throw new Error('tree has no nodes');
    for (const name of ['threshold', 'right', 'weight'] as const) {
      if (arrays[name].length !== size) throw new Error(`tree ${name} has ${arrays[name].length} entries for ${size} nodes`);
    }
    const tree = new Tree(nClasses, Int32Array.from(arrays.feature), Float64Array.from(arrays.threshold), Int32Array.from(arrays.right), Float64Array.from(arrays.weight));
    let leaf = 0;
    for (let node = 0; node < size; node += 1) {
      const feature = arrays.feature[node] as number;
      if (feature === -1) {
        const from = leaf * nClasses;
        if (from + nClasses > arrays.leafValues.length) throw new Error(`tree has more leaves than leafValues cover`);
        for (let c = 0; c < nClasses; c += 1) tree.nodeValues[node * nClasses + c] = arrays.leafValues[from + c] as number;
        leaf += 1;
        continue;
      }
      if (!Number.isInteger(feature) || feature < 0 || feature >= nFeatures) throw new Error(`node ${node} splits on feature ${feature}, outside [0, ${nFeatures})`);
      const right = arrays.right[node] as number;
      if (!Number.isInteger(right) || right <= node + 1 || right >= size) throw new Error(`node ${node} has right child ${right}, not after its left subtree`);
    }
    if (leaf * nClasses !== arrays.leafValues.length) throw new Error(`tree has ${leaf} leaves but ${arrays.leafValues.length / nClasses} leaf distributions`);
    tree.fillInnerValues();
    return tree;
  }

  /** Children come after their parent in preorder, so one backwards pass sees children first. */
  private fillInnerValues(): void {
    const c = this.nClasses;
    for (let node = this.feature.length - 1; node >= 0; node -= 1) {
      if ((this.feature[node] as number) < 0) continue;
      const left = node + 1;
      const right = this.right[node] as number;
      const wl = this.weight[left] as number;
      const wr = this.weight[right] as number;
      const total = wl + wr;
      for (let k = 0; k < c; k += 1) {
        this.nodeValues[node * c + k] = total > 0 ? (wl * (this.nodeValues[left * c + k] as number) + wr * (this.nodeValues[right * c + k] as number)) / total : 0;
      }
    }
  }

  get size(): number {
    return this.feature.length;
  }

  /** The leaf node x falls into. */
  leafOf(x: SparseRow): number {
    let node = 0;
    let feature = this.feature[0] as number;
    while (feature >= 0) {
      node = valueAt(x, feature) <= (this.threshold[node] as number) ? node + 1 : (this.right[node] as number);
      feature = this.feature[node] as number;
    }
    return node;
  }

  /** leafOf with x scattered into a dense array: one array read per split instead of a binary search. */
  leafOfDense(dense: Float64Array): number {
    let node = 0;
    let feature = this.feature[0] as number;
    while (feature >= 0) {
      node = (dense[feature] as number) <= (this.threshold[node] as number) ? node + 1 : (this.right[node] as number);
      feature = this.feature[node] as number;
    }
    return node;
  }

  /** Calls visit(node, child) for every split on x's path from the root, then returns the leaf. */
  walk(x: SparseRow, visit: (node: number, child: number) => void): number {
    let node = 0;
    while ((this.feature[node] as number) >= 0) {
      const child = valueAt(x, this.feature[node] as number) <= (this.threshold[node] as number) ? node + 1 : (this.right[node] as number);
      visit(node, child);
      node = child;
    }
    return node;
  }

  toArrays(): TreeArrays {
    const leafValues: number[] = [];
    for (let node = 0; node < this.feature.length; node += 1) {
      if ((this.feature[node] as number) >= 0) continue;
      for (let k = 0; k < this.nClasses; k += 1) leafValues.push(this.nodeValues[node * this.nClasses + k] as number);
    }
    return { feature: Array.from(this.feature), threshold: Array.from(this.threshold), right: Array.from(this.right), weight: Array.from(this.weight), leafValues };
  }
}

/** x[feature] by binary search over the sorted indices; absent means zero. */
export function valueAt(x: SparseRow, feature: number): number {
  const indices = x.indices;
  let lo = 0;
  let hi = indices.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = indices[mid] as number;
    if (at === feature) return x.values[mid] as number;
    if (at < feature) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}
