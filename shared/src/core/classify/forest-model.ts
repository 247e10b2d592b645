import { explainPrediction } from '../forest/explain';
import type { Forest } from '../forest/forest';
import type { SparseRow } from '../forest/sparse-matrix';
import type { CategoryModel } from './model-classifier';

/** The sparse random forest as the classifier's category model, with Saabas contributions as the explanation. */
export class ForestModel implements CategoryModel {
  constructor(private readonly forest: Forest) {}

  predictProba(x: SparseRow): Float64Array {
    return this.forest.predictProba(x);
  }

  contributions(x: SparseRow, classIndex: number): Array<{ feature: number; weight: number }> {
    return explainPrediction(this.forest, x, classIndex).contributions.map((item) => ({ feature: item.feature, weight: item.contribution }));
  }
}
