import type { Forest } from '../forest/forest';
import type { SparseRow } from '../forest/sparse-matrix';
import type { CategoryModel } from './model-classifier';

/**
 * The sparse random forest as the classifier's category model. Contributions are Saabas-style (the
 * class-probability change at each split on x's path, credited to the split's feature, averaged over
 * trees), kept only for features present in x: "top terms" are words of the message, and skipping
 * the absent ones keeps the explanation cheap enough for every classification.
 */
export class ForestModel implements CategoryModel {
  // Scratch arrays, zero outside a call: x scattered densely, per-feature totals, and which features x has.
  private readonly dense: Float64Array;
  private readonly totals: Float64Array;
  private readonly isPresent: Uint8Array;

  constructor(private readonly forest: Forest) {
    this.dense = new Float64Array(forest.nFeatures);
    this.totals = new Float64Array(forest.nFeatures);
    this.isPresent = new Uint8Array(forest.nFeatures);
  }

  predictProba(x: SparseRow): Float64Array {
    return this.forest.predictProba(x);
  }

  contributions(x: SparseRow, classIndex: number): Array<{ feature: number; weight: number }> {
    const c = this.forest.nClasses;
    const { dense, totals } = this;
    const present = x.indices;
    for (let i = 0; i < present.length; i += 1) {
      const feature = present[i] as number;
      if (feature < dense.length) {
        dense[feature] = x.values[i] as number;
        this.isPresent[feature] = 1;
      }
    }
    for (const tree of this.forest.trees) {
      const values = tree.nodeValues;
      const featureOf = tree.feature;
      let node = 0;
      let feature = featureOf[0] as number;
      while (feature >= 0) {
        const child = (dense[feature] as number) <= (tree.threshold[node] as number) ? node + 1 : (tree.right[node] as number);
        if (this.isPresent[feature] === 1) {
          totals[feature] = (totals[feature] as number) + (values[child * c + classIndex] as number) - (values[node * c + classIndex] as number);
        }
        node = child;
        feature = featureOf[node] as number;
      }
    }
    const scale = 1 / this.forest.trees.length;
    const result: Array<{ feature: number; weight: number }> = [];
    for (let i = 0; i < present.length; i += 1) {
      const feature = present[i] as number;
      if (feature >= dense.length) continue;
      const total = totals[feature] as number;
      if (total !== 0) result.push({ feature, weight: total * scale });
      totals[feature] = 0;
      dense[feature] = 0;
      this.isPresent[feature] = 0;
    }
    return result;
  }
}
