import { mulberry32 } from '../../../shared/src/core/forest/seeded-random';
import { InvertedIndex, type SparseVectorLike } from '../../../shared/src/core/retrieval/inverted-index';

function randomUnitVector(random: () => number, vocabulary: number, terms: number): SparseVectorLike {
  const chosen = new Set<number>();
  while (chosen.size < terms) chosen.add(Math.floor(random() * vocabulary));
  const indices = [...chosen].sort((a, b) => a - b);
  const raw = indices.map(() => random() + 0.01);
  const norm = Math.hypot(...raw);
  return { indices, values: raw.map((value) => value / norm) };
}

function bruteForce(documents: SparseVectorLike[], query: SparseVectorLike): number[] {
  const dot = (a: SparseVectorLike, b: SparseVectorLike) => {
    let sum = 0;
    for (let i = 0; i < a.indices.length; i += 1)
      for (let j = 0; j < b.indices.length; j += 1) if (a.indices[i] === b.indices[j]) sum += (a.values[i] as number) * (b.values[j] as number);
    return sum;
  };
  return documents.map((document) => dot(document, query));
}

describe('InvertedIndex', () => {
  const random = mulberry32(7);
  const documents = Array.from({ length: 300 }, () => randomUnitVector(random, 500, 12));

  it('returns the same top-k neighbours and similarities as a full cosine scan', () => {
    const index = InvertedIndex.build(documents);
    for (let q = 0; q < 20; q += 1) {
      const query = randomUnitVector(random, 500, 15);
      const expected = bruteForce(documents, query)
        .map((similarity, document) => ({ document, similarity }))
        .filter((item) => item.similarity > 0)
        .sort((a, b) => b.similarity - a.similarity || a.document - b.document)
        .slice(0, 5);
      const actual = index.search(query, 5);
      expect(actual.map((item) => item.document)).toEqual(expected.map((item) => item.document));
      actual.forEach((item, i) => expect(item.similarity).toBeCloseTo(expected[i]?.similarity ?? -1, 10));
    }
  });

  it('finds a document identical to the query with similarity 1', () => {
    const index = InvertedIndex.build(documents);
    const [best] = index.search(documents[42] as SparseVectorLike, 1);
    expect(best?.document).toBe(42);
    expect(best?.similarity).toBeCloseTo(1, 9);
  });

  it('returns nothing for a query sharing no term with any document', () => {
    const index = InvertedIndex.build(documents);
    expect(index.search({ indices: [100000], values: [1] }, 3)).toEqual([]);
  });

  it('answers identically after a JSON round trip', () => {
    const index = InvertedIndex.build(documents);
    const restored = InvertedIndex.fromJSON(JSON.parse(JSON.stringify(index.toJSON())));
    const query = documents[3] as SparseVectorLike;
    expect(restored.search(query, 5).map((n) => n.document)).toEqual(index.search(query, 5).map((n) => n.document));
  });
});
