/** One regression tree in flat arrays; a leaf has feature -1. Every node keeps its value (for contributions). */
export interface TreeJson {
  feature: number[];
  /** Go left when the value is missing or <= threshold; null means "only missing values go left". */
  threshold: Array<number | null>;
  left: number[];
  right: number[];
  value: number[];
}

export interface GbdtJson {
  baseScore: number;
  featureCount: number;
  trees: TreeJson[];
}

interface FlatTree {
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
}

/**
 * Gradient-boosted trees on log-odds. Besides the margin it explains each prediction the Saabas way:
 * along a row's path, each split's change of node value is credited to the split's feature, so the
 * contributions plus the bias add up to the margin exactly.
 */
export class GbdtModel {
  private readonly flat: FlatTree[];

  constructor(private readonly json: GbdtJson) {
    this.flat = json.trees.map((tree) => ({
      feature: Int32Array.from(tree.feature),
      threshold: Float64Array.from(tree.threshold.map((value) => (value === null ? Number.NEGATIVE_INFINITY : value))),
      left: Int32Array.from(tree.left),
      right: Int32Array.from(tree.right),
      value: Float64Array.from(tree.value),
    }));
  }

  get featureCount(): number {
    return this.json.featureCount;
  }

  get treeCount(): number {
    return this.flat.length;
  }

  margin(x: ArrayLike<number>): number {
    let sum = this.json.baseScore;
    for (const tree of this.flat) {
      let node = 0;
      let feature = tree.feature[0] as number;
      while (feature >= 0) {
        const value = x[feature] as number;
        node = value <= (tree.threshold[node] as number) || Number.isNaN(value) ? (tree.left[node] as number) : (tree.right[node] as number);
        feature = tree.feature[node] as number;
      }
      sum += tree.value[node] as number;
    }
    return sum;
  }

  /** Adds each feature's contribution to `out` (length >= featureCount); returns the bias (margin = bias + Σ out). */
  contributions(x: ArrayLike<number>, out: Float64Array): number {
    let bias = this.json.baseScore;
    for (const tree of this.flat) {
      let node = 0;
      bias += tree.value[0] as number;
      let feature = tree.feature[0] as number;
      while (feature >= 0) {
        const value = x[feature] as number;
        const next = value <= (tree.threshold[node] as number) || Number.isNaN(value) ? (tree.left[node] as number) : (tree.right[node] as number);
        out[feature] = (out[feature] as number) + (tree.value[next] as number) - (tree.value[node] as number);
        node = next;
        feature = tree.feature[node] as number;
      }
    }
    return bias;
  }

  toJSON(): GbdtJson {
    return this.json;
  }
}
