import type { SparseRow } from './sparse-matrix';
import { Tree, type TreeArrays } from './tree';

export interface ForestJson {
  format: typeof FORMAT;
  nClasses: number;
  nFeatures: number;
  trees: TreeArrays[];
}

const FORMAT = 'flexiroaster.sparse-forest/1';

/** A trained random forest: probabilities are the mean of the trees' leaf class distributions. */
export class Forest {
  /** Scratch for one prediction at a time (JavaScript runs one at a time); zero outside a call. */
  private dense: Float64Array | undefined;

  constructor(
    readonly nClasses: number,
    readonly nFeatures: number,
    readonly trees: readonly Tree[],
  ) {
    if (trees.length === 0) throw new Error('a forest needs at least one tree');
  }

  predictProba(x: SparseRow): Float64Array {
    return this.predictProbaInto(x, new Float64Array(this.nClasses));
  }

  /** Allocation-free variant for hot loops: fills and returns `out`. */
  predictProbaInto(x: SparseRow, out: Float64Array): Float64Array {
    const c = this.nClasses;
    out.fill(0);
    // Scatter x once, so each of the trees' splits reads its feature in O(1) instead of by binary search.
    const dense = (this.dense ??= new Float64Array(this.nFeatures));
    for (let i = 0; i < x.indices.length; i += 1) {
      const feature = x.indices[i] as number;
      if (feature < dense.length) dense[feature] = x.values[i] as number;
    }
    try {
      for (const tree of this.trees) {
        const base = tree.leafOfDense(dense) * c;
        const values = tree.nodeValues;
        for (let k = 0; k < c; k += 1) out[k] = (out[k] as number) + (values[base + k] as number);
      }
    } finally {
      for (let i = 0; i < x.indices.length; i += 1) {
        const feature = x.indices[i] as number;
        if (feature < dense.length) dense[feature] = 0;
      }
    }
    const scale = 1 / this.trees.length;
    for (let k = 0; k < c; k += 1) out[k] = (out[k] as number) * scale;
    return out;
  }

  /** Most probable class; the lower index wins a tie so the answer is deterministic. */
  predict(x: SparseRow): number {
    return argmax(this.predictProba(x));
  }

  /**
   * Mean decrease in gini impurity per feature, weighted by the node's share of its tree's training
   * weight and normalised to sum to 1: which features the forest relies on overall.
   */
  featureImportances(): Float64Array {
    const importance = new Float64Array(this.nFeatures);
    const c = this.nClasses;
    for (const tree of this.trees) {
      const rootWeight = tree.weight[0] as number;
      if (!(rootWeight > 0)) continue;
      for (let node = 0; node < tree.size; node += 1) {
        const feature = tree.feature[node] as number;
        if (feature < 0) continue;
        const left = node + 1;
        const right = tree.right[node] as number;
        const decrease =
          (tree.weight[node] as number) * gini(tree.nodeValues, node * c, c) -
          (tree.weight[left] as number) * gini(tree.nodeValues, left * c, c) -
          (tree.weight[right] as number) * gini(tree.nodeValues, right * c, c);
        importance[feature] = (importance[feature] as number) + decrease / rootWeight;
      }
    }
    let total = 0;
    for (let f = 0; f < importance.length; f += 1) total += importance[f] as number;
    if (total > 0) for (let f = 0; f < importance.length; f += 1) importance[f] = (importance[f] as number) / total;
    return importance;
  }

  toJSON(): ForestJson {
    return { format: FORMAT, nClasses: this.nClasses, nFeatures: this.nFeatures, trees: this.trees.map((tree) => tree.toArrays()) };
  }

  static fromJSON(json: ForestJson): Forest {
    if (json.format !== FORMAT) throw new Error(`unsupported forest format ${String(json.format)}, expected ${FORMAT}`);
    if (!Number.isInteger(json.nClasses) || json.nClasses < 1) throw new Error(`forest nClasses must be a positive integer, got ${json.nClasses}`);
    if (!Number.isInteger(json.nFeatures) || json.nFeatures < 0) throw new Error(`forest nFeatures must be a non-negative integer, got ${json.nFeatures}`);
    return new Forest(
      json.nClasses,
      json.nFeatures,
      json.trees.map((arrays, i) => {
        try {
          return Tree.fromArrays(arrays, json.nClasses, json.nFeatures);
        } catch (error) {
          throw new Error(`forest tree ${i}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        }
      }),
    );
  }
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let k = 1; k < values.length; k += 1) if ((values[k] as number) > (values[best] as number)) best = k;
  return best;
}

function gini(values: Float64Array, from: number, c: number): number {
  let sum = 0;
  for (let k = 0; k < c; k += 1) sum += (values[from + k] as number) * (values[from + k] as number);
  return 1 - sum;
}
