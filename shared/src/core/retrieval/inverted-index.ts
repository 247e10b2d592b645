/** Any L2-normalised sparse vector: parallel arrays of ascending term indices and weights. */
export interface SparseVectorLike {
  indices: ArrayLike<number>;
  values: ArrayLike<number>;
}

export interface Neighbor {
  document: number;
  /** Cosine similarity (vectors are L2-normalised, so the dot product). */
  similarity: number;
}

export interface InvertedIndexJson {
  documentCount: number;
  /** term → [doc, weight, doc, weight, ...] flattened to keep the artifact compact. */
  postings: Record<string, number[]>;
}

/**
 * Cosine nearest neighbours over TF-IDF vectors through postings lists: a query only touches the
 * documents that share at least one term with it, instead of scanning the whole knowledge base.
 */
export class InvertedIndex {
  private readonly scores: Float64Array;
  private readonly touched: Int32Array;

  private constructor(
    readonly documentCount: number,
    private readonly postings: Map<number, { documents: Int32Array; weights: Float64Array }>,
  ) {
    this.scores = new Float64Array(documentCount);
    this.touched = new Int32Array(documentCount);
  }

  static build(documents: readonly SparseVectorLike[]): InvertedIndex {
    const lists = new Map<number, { documents: number[]; weights: number[] }>();
    documents.forEach((vector, document) => {
      for (let i = 0; i < vector.indices.length; i += 1) {
        const term = vector.indices[i] as number;
        const weight = vector.values[i] as number;
        if (weight === 0) continue;
        let list = lists.get(term);
        if (!list) lists.set(term, (list = { documents: [], weights: [] }));
        list.documents.push(document);
        list.weights.push(weight);
      }
    });
    const postings = new Map<number, { documents: Int32Array; weights: Float64Array }>();
    for (const [term, list] of lists) postings.set(term, { documents: Int32Array.from(list.documents), weights: Float64Array.from(list.weights) });
    return new InvertedIndex(documents.length, postings);
  }

  /** Top-k documents by cosine similarity, best first; ties broken by document order for determinism. */
  search(query: SparseVectorLike, k: number, minSimilarity = 0): Neighbor[] {
    let touchedCount = 0;
    for (let i = 0; i < query.indices.length; i += 1) {
      const list = this.postings.get(query.indices[i] as number);
      if (!list) continue;
      const queryWeight = query.values[i] as number;
      for (let p = 0; p < list.documents.length; p += 1) {
        const document = list.documents[p] as number;
        if (this.scores[document] === 0) this.touched[touchedCount++] = document;
        this.scores[document] = (this.scores[document] as number) + queryWeight * (list.weights[p] as number);
      }
    }
    const neighbors: Neighbor[] = [];
    for (let t = 0; t < touchedCount; t += 1) {
      const document = this.touched[t] as number;
      const similarity = this.scores[document] as number;
      this.scores[document] = 0;
      if (similarity > minSimilarity) neighbors.push({ document, similarity: Math.min(1, similarity) });
    }
    neighbors.sort((a, b) => b.similarity - a.similarity || a.document - b.document);
    return neighbors.slice(0, k);
  }

  toJSON(): InvertedIndexJson {
    const postings: Record<string, number[]> = {};
    for (const [term, list] of this.postings) {
      const flat: number[] = [];
      for (let i = 0; i < list.documents.length; i += 1) flat.push(list.documents[i] as number, round(list.weights[i] as number));
      postings[String(term)] = flat;
    }
    return { documentCount: this.documentCount, postings };
  }

  static fromJSON(json: InvertedIndexJson): InvertedIndex {
    const postings = new Map<number, { documents: Int32Array; weights: Float64Array }>();
    for (const [term, flat] of Object.entries(json.postings)) {
      const size = flat.length / 2;
      const documents = new Int32Array(size);
      const weights = new Float64Array(size);
      for (let i = 0; i < size; i += 1) {
        documents[i] = flat[2 * i] as number;
        weights[i] = flat[2 * i + 1] as number;
      }
      postings.set(Number(term), { documents, weights });
    }
    return new InvertedIndex(json.documentCount, postings);
  }
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
