import { TfidfVectorizer } from '../../../shared/src/core/text/tfidf-vectorizer';

function dense(vectorizer: TfidfVectorizer, text: string): Map<string, number> {
  const vector = vectorizer.transform(text);
  return new Map(Array.from(vector.indices, (index, i) => [vectorizer.termAt(index) as string, vector.values[i] as number]));
}

describe('TfidfVectorizer', () => {
  const unigrams = { wordNgrams: [1, 1] as const };

  it('weights term counts sublinearly with smooth idf and L2 normalisation (computed by hand)', () => {
    // n = 2 documents; df(disk) = 2, df(full) = 1.
    const vectorizer = TfidfVectorizer.fit(['disk disk disk disk full', 'disk'], unigrams);
    const idfDisk = Math.log(3 / 3) + 1; // 1
    const idfFull = Math.log(3 / 2) + 1;
    const disk = (1 + Math.log(4)) * idfDisk;
    const full = 1 * idfFull;
    const norm = Math.hypot(disk, full);
    const weights = dense(vectorizer, 'disk disk disk disk full');
    expect(weights.get('disk')).toBeCloseTo(disk / norm, 12);
    expect(weights.get('full')).toBeCloseTo(full / norm, 12);
  });

  it('uses raw counts when sublinear tf is off', () => {
    const vectorizer = TfidfVectorizer.fit(['disk disk disk disk full', 'disk'], { ...unigrams, sublinearTf: false });
    const disk = 4;
    const full = Math.log(3 / 2) + 1;
    expect(dense(vectorizer, 'disk disk disk disk full').get('disk')).toBeCloseTo(disk / Math.hypot(disk, full), 12);
  });

  it('emits sorted indices, unit length, and ignores terms outside the vocabulary', () => {
    const vectorizer = TfidfVectorizer.fit(['quota exceeded for project', 'connection reset by peer', 'quota reset']);
    const vector = vectorizer.transform('peer quota never-seen exceeded');
    const indices = Array.from(vector.indices);
    expect(indices).toEqual([...indices].sort((a, b) => a - b));
    expect(new Set(indices).size).toBe(indices.length);
    expect(Math.hypot(...vector.values)).toBeCloseTo(1, 12);
    expect([...dense(vectorizer, 'peer quota never-seen exceeded').keys()].sort()).toEqual(['exceeded', 'peer', 'quota']);
    expect(vectorizer.transform('nothing known here').indices).toHaveLength(0);
  });

  it('counts word bigrams next to unigrams by default', () => {
    const vectorizer = TfidfVectorizer.fit(['connection timed out', 'connection reset']);
    expect(vectorizer.indexOf('timed out')).toBeDefined();
    expect(vectorizer.indexOf('connection reset')).toBeDefined();
    expect(vectorizer.indexOf('connection out')).toBeUndefined();
  });

  it('caps the vocabulary at the most frequent terms, breaking df ties by term order', () => {
    const documents = ['alpha beta gamma', 'alpha beta delta', 'alpha epsilon zeta', 'alpha zeta'];
    // df: alpha 4, beta 2, zeta 2, delta 1, epsilon 1, gamma 1 → top 4 = alpha, beta, zeta, then delta (first of the df-1 tie).
    const vectorizer = TfidfVectorizer.fit(documents, { ...unigrams, maxFeatures: 4 });
    expect(vectorizer.size).toBe(4);
    expect([0, 1, 2, 3].map((i) => vectorizer.termAt(i))).toEqual(['alpha', 'beta', 'delta', 'zeta']);
  });

  it('gives the same vocabulary whatever the document order', () => {
    const documents = ['b a', 'c a', 'd e', 'e f', 'g a'];
    const forward = TfidfVectorizer.fit(documents, { maxFeatures: 5 });
    const backward = TfidfVectorizer.fit([...documents].reverse(), { maxFeatures: 5 });
    expect(backward.toJSON()).toEqual(forward.toJSON());
  });

  it('drops terms below minDf and above maxDfRatio', () => {
    const vectorizer = TfidfVectorizer.fit(['common rare', 'common usual', 'common usual'], { ...unigrams, minDf: 2, maxDfRatio: 0.9 });
    expect(vectorizer.indexOf('usual')).toBeDefined();
    expect(vectorizer.indexOf('rare')).toBeUndefined();
    expect(vectorizer.indexOf('common')).toBeUndefined();
  });

  it('adds prefixed character n-grams that cannot collide with words', () => {
    const vectorizer = TfidfVectorizer.fit(['tlb error'], { wordNgrams: [1, 1], charNgrams: [3, 3] });
    expect(vectorizer.indexOf('c: tl')).toBeDefined();
    expect(vectorizer.indexOf('c:lb ')).toBeDefined();
    expect(vectorizer.indexOf('tlb')).toBeDefined();
    expect(vectorizer.size).toBe(2 + 3 + 5);
  });

  it('round-trips through JSON and transforms identically', () => {
    const vectorizer = TfidfVectorizer.fit(['data TLB error interrupt', 'data storage interrupt', 'Lustre mount FAILED : bglio12'], { charNgrams: [2, 4] });
    const restored = TfidfVectorizer.fromJSON(JSON.parse(JSON.stringify(vectorizer.toJSON())));
    for (const text of ['data TLB error', 'Lustre mount FAILED : bglio99', 'storage']) expect(restored.transform(text)).toEqual(vectorizer.transform(text));
  });

  it('rejects an artifact of another format or with unsorted terms', () => {
    const json = TfidfVectorizer.fit(['a b', 'b c']).toJSON();
    expect(() => TfidfVectorizer.fromJSON({ ...json, format: 'other' as never })).toThrow(/format/);
    expect(() => TfidfVectorizer.fromJSON({ ...json, terms: [...json.terms].reverse() })).toThrow(/ascending/);
    expect(() => TfidfVectorizer.fromJSON({ ...json, idf: json.idf.slice(1) })).toThrow(/idf/);
  });

  it('rejects nonsensical options with the option name', () => {
    expect(() => TfidfVectorizer.fit(['a'], { wordNgrams: [2, 1] })).toThrow(/wordNgrams/);
    expect(() => TfidfVectorizer.fit(['a'], { minDf: 0 })).toThrow(/minDf/);
    expect(() => TfidfVectorizer.fit(['a'], { maxFeatures: 0 })).toThrow(/maxFeatures/);
  });
});
