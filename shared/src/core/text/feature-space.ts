import { appendDense, type SparseVector } from './sparse-vector';
import { TfidfVectorizer, type TfidfVectorizerJson } from './tfidf-vectorizer';

export interface FeatureSpaceJson {
  vectorizer: TfidfVectorizerJson;
  denseNames: string[];
}

/**
 * The classifier's input space: TF-IDF text features first, then named structured features (source
 * one-hot, error codes) in a fixed order after them. Naming every index is what lets an explanation
 * say "term 'quota'" or "source=bigquery" instead of "feature 4711".
 */
export class FeatureSpace {
  constructor(
    readonly vectorizer: TfidfVectorizer,
    readonly denseNames: readonly string[],
  ) {
    if (new Set(denseNames).size !== denseNames.length) throw new Error('structured feature names must be unique');
  }

  get size(): number {
    return this.vectorizer.size + this.denseNames.length;
  }

  /** `dense` holds the structured features in `denseNames` order; omitted means all zero. */
  vectorize(text: string, dense?: ArrayLike<number>): SparseVector {
    const vector = this.vectorizer.transform(text);
    if (dense === undefined || this.denseNames.length === 0) return vector;
    if (dense.length !== this.denseNames.length) throw new RangeError(`expected ${this.denseNames.length} structured features, got ${dense.length}`);
    return appendDense(vector, dense, this.vectorizer.size);
  }

  featureName(index: number): string {
    const term = this.vectorizer.termAt(index);
    if (term !== undefined) return term;
    const dense = this.denseNames[index - this.vectorizer.size];
    if (dense === undefined) throw new RangeError(`feature ${index} is outside [0, ${this.size})`);
    return dense;
  }

  toJSON(): FeatureSpaceJson {
    return { vectorizer: this.vectorizer.toJSON(), denseNames: [...this.denseNames] };
  }

  static fromJSON(json: FeatureSpaceJson): FeatureSpace {
    return new FeatureSpace(TfidfVectorizer.fromJSON(json.vectorizer), json.denseNames);
  }
}

/** One-hot block for a categorical field: names `${field}=${value}` and the encoder that fills them. */
export function oneHot(field: string, values: readonly string[]): { names: string[]; encode: (value: string | undefined) => Float64Array } {
  const names = values.map((value) => `${field}=${value}`);
  const position = new Map(values.map((value, i) => [value, i]));
  return {
    names,
    encode: (value) => {
      const out = new Float64Array(values.length);
      const at = value === undefined ? undefined : position.get(value);
      if (at !== undefined) out[at] = 1;
      return out;
    },
  };
}
